using Pipeline.Cli.Commands;

return await CommandCatalog.RunAsync(args);
