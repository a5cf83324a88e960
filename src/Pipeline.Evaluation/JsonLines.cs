using System.Text.Json;

namespace Pipeline.Evaluation;

/// <summary>Reads evaluation data sets: one JSON object per line, blank lines ignored, field names in any case.</summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<List<T>> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                items.Add(JsonSerializer.Deserialize<T>(line, Json) ?? throw new InvalidDataException($"{path}:{number}: the line is JSON null."));
            }
        }

        return items;
    }
}
