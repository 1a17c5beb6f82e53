using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests.VerificationPage;

/// <summary>
/// The page in a real browser (headless Chromium): a signed permit turns it green, a tampered one red with the reason,
/// a QR link shows the record and compares a dropped file's digest in the browser. Each state is kept as a screenshot.
/// </summary>
[Collection("verify-page")]
public sealed class VerificationPageBrowserTests(VerificationPageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Writes the bytes to a file the browser's file input can take (the test's file, not the gateway's: it stores nothing).</summary>
    private string File(string name, byte[] bytes)
    {
        var path = fixture.Folder.File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private IWebElement Upload(IWebDriver driver, string path)
    {
        driver.Navigate().GoToUrl(fixture.Address + "/verify");
        driver.FindElement(By.Id("file")).SendKeys(path);
        return new WebDriverWait(driver, Wait).Until(d =>
        {
            var verdict = d.FindElement(By.Id("verdict"));
            return verdict.Displayed && verdict.GetAttribute("data-verdict") is { Length: > 0 } ? verdict : null;
        })!;
    }

    [Fact]
    public void A_valid_permit_shows_green()
    {
        if (!HeadlessChromium.Available(output)) return;
        using var driver = HeadlessChromium.Start();

        var verdict = Upload(driver, File("permit-signed.pdf", fixture.Signed));

        Assert.Equal("green", verdict.GetAttribute("data-verdict"));
        Assert.Contains("green", verdict.GetAttribute("class"));
        var signature = driver.FindElement(By.Id("signature-0"));
        Assert.Equal("TOTAL_PASSED", signature.GetAttribute("data-indication"));
        Assert.Contains("PAdES-BASELINE-LT", signature.Text);
        Assert.Contains("ลายมือชื่อถูกต้อง", signature.Text);
        // The report is in the page, collapsed, and downloadable as a Blob.
        Assert.StartsWith("blob:", driver.FindElement(By.Id("download")).GetAttribute("href"));
        Assert.Null(driver.FindElement(By.Id("full")).GetAttribute("open"));
        HeadlessChromium.Screenshot(driver, "1-valid-permit-green", output);
    }

    [Fact]
    public void A_tampered_permit_shows_red_with_the_reason()
    {
        if (!HeadlessChromium.Available(output)) return;
        using var driver = HeadlessChromium.Start();

        var verdict = Upload(driver, File("permit-tampered.pdf", fixture.Tampered()));

        Assert.Equal("red", verdict.GetAttribute("data-verdict"));
        var signature = driver.FindElement(By.Id("signature-0"));
        Assert.Equal("TOTAL_FAILED", signature.GetAttribute("data-indication"));
        Assert.Contains("HASH_FAILURE", signature.Text);
        Assert.Contains("เอกสารถูกแก้ไขหลังการลงนาม", signature.Text);
        Assert.Contains("changed after it was signed", signature.Text);
        HeadlessChromium.Screenshot(driver, "2-tampered-permit-red", output);
    }

    [Fact]
    public void A_QR_link_shows_the_record_and_compares_a_dropped_file_in_the_browser()
    {
        if (!HeadlessChromium.Available(output)) return;
        using var driver = HeadlessChromium.Start();

        driver.Navigate().GoToUrl($"{fixture.Address}/v/{fixture.ReceiptId}");
        var record = driver.FindElement(By.Id("record"));
        Assert.Contains(fixture.ReceiptId, record.Text);
        Assert.Contains(fixture.SignedSha256, record.Text);
        Assert.Contains("agency-a", record.Text);

        driver.FindElement(By.Id("file")).SendKeys(File("permit-to-compare.pdf", fixture.Signed));
        var match = new WebDriverWait(driver, Wait).Until(d => d.FindElement(By.Id("match")) is { Text.Length: > 0 } m ? m : null)!;
        Assert.Equal("green", match.GetAttribute("class"));
        Assert.Contains("ตรงกัน", match.Text);
        HeadlessChromium.Screenshot(driver, "3-qr-link-record", output);
    }
}
