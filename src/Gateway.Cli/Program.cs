using Gateway.Cli;

return await GwCommand.RunAsync(args, Console.Out, Console.Error);
