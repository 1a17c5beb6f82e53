using Gateway.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests.VerificationPage;

/// <summary>
/// Debian's chromium and chromium-driver (make deps installs them), driven by Selenium with explicit paths, so Selenium
/// Manager never goes looking for a browser on the network. Under CI=true a missing browser fails the test
/// (<see cref="ExternalTool.Require"/>), elsewhere it skips with a note.
/// </summary>
internal static class HeadlessChromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public static bool Available(ITestOutputHelper output) => ExternalTool.Require(Browser, output) && ExternalTool.Require(Driver, output);

    /// <summary>A phone-sized window (412 × 915 CSS pixels): the page's narrow layout is the one the QR code leads to.</summary>
    public static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless=new",
            // Tests run as root in a container, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            // No update checks, safe-browsing lists or other calls home during a test.
            "--disable-background-networking",
            // The gateway's TLS certificate is from the test's own development CA, which this throwaway browser
            // profile does not trust; the HTTP-level tests check the certificate against that CA instead.
            "--ignore-certificate-errors",
            "--window-size=412,915",
            "--lang=th-TH");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    /// <summary>Saves a PNG of the whole window under the test output folder's TestResults/verify-page/, and says where.</summary>
    public static string Screenshot(IWebDriver driver, string name, ITestOutputHelper output)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "verify-page");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        // The whole page, not just the first screen: the window grows to the page's height at the same (phone) width.
        var height = Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollHeight;"));
        var window = driver.Manage().Window;
        window.Size = new System.Drawing.Size(window.Size.Width, Math.Min(Math.Max(height + 100, window.Size.Height), 4000));
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }
}
