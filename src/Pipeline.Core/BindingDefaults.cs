using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Core;

/// <summary>
/// The settings the trigger attributes resolve (<c>%Name%</c>), with their defaults from the options classes that
/// own them. Hosts add these as the lowest-priority configuration source, so a binding expression always resolves.
/// </summary>
public static class BindingDefaults
{
    public static IReadOnlyDictionary<string, string?> All()
    {
        var storage = new StorageOptions();
        return new Dictionary<string, string?>
        {
            [nameof(StorageOptions.IncomingContainer)] = storage.IncomingContainer,
            [nameof(StorageOptions.SummariseQueue)] = storage.SummariseQueue,
            [nameof(StorageOptions.DigestsQueue)] = storage.DigestsQueue,
            [nameof(DigestOptions.DigestSchedule)] = new DigestOptions().DigestSchedule,
        };
    }
}
