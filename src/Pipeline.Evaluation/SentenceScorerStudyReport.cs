using System.Text.Json.Serialization;
using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>An article with a title and an extractive reference (sentences copied from it), as a line of the BBC file.</summary>
public sealed record TitledSummaryPair(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("article")] string Article,
    [property: JsonPropertyName("reference")] string Reference);

/// <summary>One system on articles it was not trained or tuned on, against the lead baseline of the same length.</summary>
public sealed record HeldOutCheck(string Dataset, int Count, int Sentences, double Rouge1, double Rouge2, double LeadRouge1, double LeadRouge2, BootstrapResult Rouge1Gain, BootstrapResult Rouge2Gain)
{
    /// <summary>Paired bootstrap of this system over the shipped summariser on the same articles (ROUGE-1, ROUGE-2).</summary>
    public (BootstrapResult Rouge1, BootstrapResult Rouge2)? OverShipped { get; init; }
}

/// <summary>
/// One system's figures: on the training set by k-fold cross-validation (per-fold ROUGE gain over Lead-3, and a paired
/// bootstrap over every held-out article against Lead-3 and against the shipped summariser), and, trained on the whole
/// training set, on the held-out CNN/DailyMail (against Lead-3) and XSum (one sentence, against Lead-1) pairs.
/// </summary>
public sealed record StudyRow(
    string System,
    double Rouge1,
    double Rouge2,
    FoldSpread Rouge1GainPerFold,
    FoldSpread Rouge2GainPerFold,
    BootstrapResult Rouge1OverLead,
    BootstrapResult Rouge2OverLead,
    BootstrapResult Rouge1OverShipped,
    BootstrapResult Rouge2OverShipped,
    IReadOnlyList<HeldOutCheck> HeldOut,
    string Choices);

/// <summary>Every system's row, and the logistic-regression weights trained on the whole training set.</summary>
public sealed record StudyReport(int TrainingArticles, int Folds, IReadOnlyList<StudyRow> Rows, IReadOnlyList<double> Weights);
