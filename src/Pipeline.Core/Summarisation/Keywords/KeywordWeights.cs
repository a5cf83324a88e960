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
            -1.2038575975192214, // bias
            0.1776853948598219, // log(score / best score)
            0.021649998510394654, // 1 / (1 + rank)
            1.0382730241143998, // ln(1 + count)
            0.020627542690757537, // graph score / best
            -0.15690851295372873, // first position / last
            -1.035606025931506, // one word
            0.5248760495727799, // two words
            0.5107299763593968, // three or more words
            0.46806586161597297, // name
            0.3126751815576026, // in the title
            0.351730609394629, // news
            1.8391092895204129, // news × one word
            -0.174529704718303, // news × name
            -0.5499717218528357, // news × ln(1 + count)
            -0.01138852265139052, // noun ending
            -0.2442826781153559, // adjective ending
            0.2688763152727402, // ln(1 + longer candidates holding it)
            -2.1382927808155068, // text length (ln tokens / 10)
            1.3169610883412943, // length × one word
            -0.5767607245305483, // length × ln(1 + count)
            0.27438112823194355, // length × 1 / (1 + rank)
            0.17500377821863036, // spread: (last − first position) / last
            0.7471745023121233, // letters in the last word (at most 15) / 10
            0.8987362381639672, // share of words general English does not know
            -1.2888294639583122, // news × that share
        ],
    };
}
