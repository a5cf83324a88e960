using System.Text;
using CsCheck;

namespace Pipeline.Core.Tests.Fuzz;

/// <summary>
/// Inputs for the fuzz properties: the real sample articles (seeds/articles) mutated at byte level (flip, insert,
/// delete, splice, repeat) and salted with hostile tokens (script, javascript:, bidi overrides, NUL, deep nesting).
/// A generated case is a (sample, mutation seed) pair, so the CsCheck seed printed on failure replays it exactly.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Seconds each property runs for: enough for a few hundred to thousands of cases, short enough for <c>dotnet test</c>.</summary>
    public const int Seconds = 4;

    public static readonly string[] HostileTokens =
    [
        "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "\u202E", "\u2066", "\u200B", "\0",
        "\r\nBcc: x@example.com\r\n", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<div style=\"display:none\">",
        "]]>", "<!--", "-->", "<![CDATA[", "&lol;", "&#0;", "&#x202E;", "\"", "'", "{", "}", "[", "]", "\\u0000", "---\n", "# ", "> ", "```",
        string.Concat(Enumerable.Repeat("<div>", 200)), new string('[', 200), new string('>', 200), "\uFEFF", "\uFFFD", "\uD800",
    ];

    private static readonly byte[][] HostileBytes =
    [
        .. HostileTokens.Select(t => Encoding.UTF8.GetBytes(t)),
        [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0x1F, 0x8B], [0x00, 0x00], [0xE9], [0x80],
    ];

    public static IReadOnlyList<(string Name, byte[] Content)> Samples { get; } = LoadSamples();

    /// <summary>A sample, mutated by one to eight operations.</summary>
    public static Gen<(string Name, byte[] Content)> Mutated { get; } =
        Gen.Select(Gen.Int[0, Samples.Count - 1], Gen.Int, (i, seed) => (Samples[i].Name, Mutate(Samples[i].Content, seed)));

    public static byte[] Mutate(byte[] content, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(content);
        var operations = random.Next(1, 9);
        for (var op = 0; op < operations; op++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 3:
                    var other = Samples[random.Next(Samples.Count)].Content;
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 512)));
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 32), bytes.Count - at);
                    var piece = bytes.GetRange(at, length);
                    for (var r = random.Next(1, 50); r > 0; r--)
                    {
                        bytes.InsertRange(at, piece);
                    }

                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, HostileBytes[random.Next(HostileBytes.Length)]);
                    break;
            }
        }

        return [.. bytes];
    }

    public static string Print((string Name, byte[] Content) input) =>
        $"{input.Name} ({input.Content.Length} bytes): {Convert.ToBase64String(input.Content)}";

    private static List<(string, byte[])> LoadSamples()
    {
        var samples = new List<(string, byte[])>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var seeds = Path.Combine(directory.FullName, "seeds", "articles");
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")) && Directory.Exists(seeds))
            {
                samples.AddRange(Directory.EnumerateFiles(seeds).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
                break;
            }
        }

        // Small samples of each format the seeds may lack, so that every parser is reached even with few seeds.
        samples.Add(("inline.jsonl", Encoding.UTF8.GetBytes("{\"title\":\"One\",\"body\":\"First article body. It has two sentences.\"}\n{\"title\":\"Two\",\"body\":\"<p>Second <b>article</b></p><p>body.</p>\",\"url\":\"https://example.com/2\"}\n")));
        samples.Add(("inline.md", Encoding.UTF8.GetBytes("---\ntitle: Front matter title\ndate: 2026-11-01\ntags: [a, b]\n---\n\n# Heading\n\nA paragraph with *emphasis* and a [link](https://example.com).\n\n> A quote.\n\n- a list item\n- another\n")));
        samples.Add(("inline.txt", Encoding.Latin1.GetBytes("Café owners in Zürich said on Monday that prices would rise.\n\nThe council disagreed, citing last year's figures.\n")));
        samples.Add(("inline.html", Encoding.UTF8.GetBytes("<html><head><meta charset=\"utf-8\"><title>T</title><meta property=\"og:url\" content=\"https://example.com/a\"></head><body><nav>Home</nav><article><h1>Headline</h1><p>The first paragraph, with commas, and enough words to be scored as content by the extractor.</p><p>A second paragraph follows.</p></article><footer>(c)</footer></body></html>")));
        return samples;
    }
}
