using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Digests;

namespace Pipeline.Functions;

/// <summary>Emails every due subscriber the articles that matched their alert since their last digest.</summary>
public sealed class SendDigests(DigestService digests)
{
    [Function(nameof(SendDigests))]
    public Task RunAsync([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => digests.SendDueDigestsAsync(cancellationToken);
}
