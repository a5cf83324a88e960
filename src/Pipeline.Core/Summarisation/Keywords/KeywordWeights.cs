namespace Pipeline.Core.Summarisation;

/// <summary>
/// How phrase scores weigh length, names and frequency for one kind of text. News and abstracts want different
/// phrases: crowd-picked news key phrases are mostly single words and names, abstract key phrases mostly two or
/// three-word terms.
/// </summary>
/// <param name="MultiWordBoost">Factor for phrases of two or more words.</param>
/// <param name="CommonWordFactor">Factor for a single word that is not a name.</param>
/// <param name="NameFactor">Factor for a single-word name.</param>
/// <param name="FrequencyExponent">Power of the log-scaled count (1 + ln count).</param>
internal sealed record KindWeights(double MultiWordBoost, double CommonWordFactor, double NameFactor, double FrequencyExponent);

/// <summary>
/// The extractor's tunable constants. <see cref="Default"/> holds the values chosen by cross-validation (see the
/// README's Quality section); the evaluation tool passes others to choose them on training folds only.
/// </summary>
/// <param name="Abstract">Weights for expository text (abstracts, reports).</param>
/// <param name="News">Weights for news: reported speech or many capitalised words.</param>
/// <param name="NewsCapitalShare">Share of capitalised words above which a text reads as news.</param>
/// <param name="DropSameHead">Drop a phrase whose head noun and modifiers are already in a better one ("Attorney General" after "State Attorney General").</param>
internal sealed record KeywordWeights(KindWeights Abstract, KindWeights News, double NewsCapitalShare, bool DropSameHead)
{
    /// <summary>
    /// Logistic-regression weights over the features of the best candidates (<c>KeywordExtractor.Features</c>), fitted
    /// on the dev set by <c>pipeline eval keywords --learn</c>; null ranks by the hand-set score alone.
    /// </summary>
    public IReadOnlyList<double>? Model { get; init; }

    /// <summary>The weights before news had its own (one set for every text), kept so the evaluation can compare against them.</summary>
    public static KeywordWeights Uniform { get; } = new(new(1.3, 0.5, 1, 1), new(1.3, 0.5, 1, 1), double.PositiveInfinity, DropSameHead: false);

    /// <summary>
    /// Chosen by <c>pipeline eval keywords --tune</c> on the key-phrase dev set (all folds; every held-out fold chose
    /// frequency exponent 3 and favoured single words and names over multi-word phrases for news).
    /// </summary>
    public static KeywordWeights Default { get; } = Uniform with
    {
        News = new KindWeights(MultiWordBoost: 1.0, CommonWordFactor: 2.4, NameFactor: 2.1, FrequencyExponent: 3.0),
        NewsCapitalShare = 0.25,
        DropSameHead = true,

        // Fitted on all 1,470 dev documents by `pipeline eval keywords --data …/docs.jsonl --learn` (each dataset
        // weighing the same, L2 10); the same procedure on training folds only gives the held-out figures in the README.
        Model =
        [
            -0.7340898783199346, // bias
            0.18915205697547033, // log(score / best score)
            -0.09884612704692043, // 1 / (1 + rank)
            1.189362526588912, // ln(1 + count)
            0.015190271892144855, // graph score / best
            -0.16260308268785442, // first position / last
            -1.0376667978491574, // one word
            0.5822200350682444, // two words
            0.4554467627826667, // three or more words
            0.9438727605578063, // name
            0.36134856898166234, // in the title
            0.21938042553415096, // news
            1.8022396221398596, // news × one word
            -0.8792784022557031, // news × name
            -0.579332326752005, // news × ln(1 + count)
            0.16399112923527218, // noun ending
            -0.2825896367635916, // adjective ending
            0.30425435467516576, // ln(1 + longer candidates holding it)
            -2.073428127161328, // text length (ln tokens / 10)
            1.4070151342908976, // length × one word
            -0.6635282460494393, // length × ln(1 + count)
            0.5086569393837121, // length × 1 / (1 + rank)
        ],
    };
}
