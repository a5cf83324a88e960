using System.Security.Cryptography;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The key that signs the links in local emails when <c>Email:UnsubscribeTokenKey</c> is not set: made once, at
/// random, and kept in the local state folder, so that links in emails from earlier runs keep working.
/// </summary>
internal static class LocalTokenKey
{
    public const string FileName = "unsubscribe-token.key";

    /// <summary>The key stored in <paramref name="folder"/>, made when there is none; <paramref name="created"/> says which.</summary>
    public static string LoadOrCreate(string folder, out bool created)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        created = false;
        if (!File.Exists(path))
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                // CreateNew: of two runs starting at once, one writes the key and both use it.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.Write(key);
                created = true;
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // The other run made it.
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length >= Core.Digests.SubscriberTokens.MinimumKeyLength || attempt >= 20)
            {
                return stored.Length >= Core.Digests.SubscriberTokens.MinimumKeyLength
                    ? stored
                    : throw new InvalidOperationException($"{path} does not hold a usable key ({Core.Digests.SubscriberTokens.MinimumKeyLength}+ characters); delete it and run again.");
            }

            Thread.Sleep(50); // Being written by the other run.
        }
    }
}
