namespace Pipeline.Cli.Hosting;

/// <summary>Finds the checkout the command runs in: the folder holding <c>Pipeline.sln</c> and <c>package.json</c>.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the Pipeline checkout (a folder with Pipeline.sln and package.json) above the working directory.");
    }
}
