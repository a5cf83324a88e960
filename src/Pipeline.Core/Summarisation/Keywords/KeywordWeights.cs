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
/// <param name="DropContained">Drop a phrase that a better one holds and that names the same thing ("Attorney General" after "State Attorney General").</param>
internal sealed record KeywordWeights(KindWeights Abstract, KindWeights News, double NewsCapitalShare, bool DropContained)
{
    /// <summary>
    /// Logistic-regression weights over the features of the best candidates (<c>KeywordExtractor.Features</c>), fitted
    /// on the dev set by <c>pipeline eval keywords --learn</c>; null ranks by the hand-set score alone.
    /// </summary>
    public IReadOnlyList<double>? Model { get; init; }

    /// <summary>The weights before news had its own (one set for every text), kept so the evaluation can compare against them.</summary>
    public static KeywordWeights Uniform { get; } = new(new(1.3, 0.5, 1, 1), new(1.3, 0.5, 1, 1), double.PositiveInfinity, DropContained: false);

    /// <summary>
    /// Chosen by <c>pipeline eval keywords --tune</c> on the key-phrase dev set (all folds; every held-out fold chose
    /// frequency exponent 3 and favoured single words and names over multi-word phrases for news).
    /// </summary>
    public static KeywordWeights Default { get; } = Uniform with
    {
        News = new KindWeights(MultiWordBoost: 1.0, CommonWordFactor: 2.4, NameFactor: 2.1, FrequencyExponent: 3.0),
        NewsCapitalShare = 0.25,
        DropContained = true,

        // Fitted on all 1,470 dev documents by `pipeline eval keywords --data …/docs.jsonl --learn` (each dataset
        // weighing the same, L2 10); the same procedure on training folds only gives the held-out figures in the README.
        Model =
        [
            -1.2049519704247116, // bias
            0.17727021807950366, // log(score / best score)
            0.02489321101305435, // 1 / (1 + rank)
            1.0394650462985209, // ln(1 + count)
            0.020495820220880114, // graph score / best
            -0.1569543286645366, // first position / last
            -1.0365222458817285, // one word
            0.5252848255404471, // two words
            0.5112374203414275, // three or more words
            0.46860072061925223, // name
            0.3113648619722029, // in the title
            0.3522164436409778, // news
            1.8397338656039923, // news × one word
            -0.1739793523222549, // news × name
            -0.5519663704285784, // news × ln(1 + count)
            -0.011203808527672771, // noun ending
            -0.2438278517907092, // adjective ending
            0.2662818413486224, // ln(1 + longer candidates holding it)
            -2.140052372037057, // text length (ln tokens / 10)
            1.3165553287685183, // length × one word
            -0.5748293420772197, // length × ln(1 + count)
            0.26746978989827747, // length × 1 / (1 + rank)
            0.17223287097404616, // spread: (last − first position) / last
            0.7469075403688527, // letters in the last word (at most 15) / 10
            0.8990328284846747, // share of words general English does not know
            -1.2888258104815231, // news × that share
        ],
    };
}
