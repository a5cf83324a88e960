using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The subscribers file that <c>seeds/subscribers.json</c>, <c>subscribers import</c> and <c>subscribers export</c>
/// share: a JSON array of <c>{ email, frequency, alerts: [{ id, name, query }] }</c>. The older shape with one
/// <c>query</c> per subscriber is still read, as one alert named after the query.
/// </summary>
internal static class SubscriberFile
{
    /// <summary>One subscriber in the file, as written: anything may be missing or wrong until <see cref="Check"/>.</summary>
    public sealed record Entry(string? Email, string? Frequency = null, string? Query = null, IReadOnlyList<AlertEntry>? Alerts = null);

    /// <summary>One alert in the file; the id is written by export and ignored by import (it follows from name and query).</summary>
    public sealed record AlertEntry(string? Name, string? Query, string? Id = null);

    /// <summary>A checked subscriber: a normal email, a frequency <see cref="SendSchedule.Parse"/> reads, and valid alerts.</summary>
    public sealed record Checked(string Email, string Frequency, IReadOnlyList<Alert> Alerts);

    private static readonly JsonSerializerOptions Json = new(StorageJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Reads and checks every entry of <paramref name="path"/> before anything is stored; throws a
    /// <see cref="CommandLineException"/> naming the entry and the field at fault.
    /// </summary>
    public static async Task<IReadOnlyList<Checked>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new CommandLineException($"{path}: no such file.");
        }

        List<Entry>? entries;
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                entries = await JsonSerializer.DeserializeAsync<List<Entry>>(stream, Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new CommandLineException($"{path}: not a JSON array of subscribers: {ex.Message}");
            }
        }

        var checkedEntries = new List<Checked>();
        foreach (var (entry, i) in (entries ?? []).Select((e, i) => (e, i)))
        {
            try
            {
                checkedEntries.Add(Check(entry));
            }
            catch (FormatException ex)
            {
                throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"{path}: subscriber [{i}]: {ex.Message}"));
            }
        }

        return checkedEntries;
    }

    /// <summary>Checks one entry; a <see cref="FormatException"/> names the field (<c>email:</c>, <c>alerts[1].query:</c>).</summary>
    public static Checked Check(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var email = EmailAddress.Normalise(entry.Email);
        var frequency = SubscriberInput.Frequency(entry.Frequency ?? "daily");
        var alerts = new List<Alert>();
        if (entry.Query is not null)
        {
            alerts.Add(Alert.Create(entry.Query, entry.Query));
        }

        foreach (var (alert, i) in (entry.Alerts ?? []).Select((a, i) => (a, i)))
        {
            try
            {
                alerts.Add(Alert.Create(alert.Name, alert.Query ?? string.Empty));
            }
            catch (FormatException ex)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"alerts[{i}].{ex.Message}"), ex);
            }
        }

        if (alerts.Count == 0)
        {
            throw new FormatException("alerts: a subscriber needs a query or at least one alert.");
        }

        if (alerts.DistinctBy(a => a.Id).Count() > Subscriber.MaxAlerts)
        {
            throw new FormatException($"alerts: at most {Subscriber.MaxAlerts} alerts per subscriber.");
        }

        return new Checked(email, frequency, alerts);
    }

    /// <summary>Stores every checked entry: alerts are added to what each subscriber already has, never replacing one.</summary>
    public static async Task<int> ImportAsync(SubscriberStore store, IEnumerable<Checked> subscribers, CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var subscriber in subscribers)
        {
            foreach (var alert in subscriber.Alerts)
            {
                added += await store.AddAlertAsync(subscriber.Email, alert, subscriber.Frequency, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return added;
    }

    /// <summary>The file's JSON for <paramref name="subscribers"/>, which <see cref="ReadAsync"/> reads back.</summary>
    public static string Write(IEnumerable<Subscriber> subscribers) => JsonSerializer.Serialize(
        subscribers.OrderBy(s => s.Email, StringComparer.Ordinal)
            .Select(s => new Entry(s.Email, s.Frequency, Alerts: s.Alerts.Select(a => new AlertEntry(a.Name, a.Query, a.Id)).ToList())),
        Json);
}
