using Microsoft.Extensions.Options;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Subscriptions;

/// <summary>
/// Checks on start that <c>Email:UnsubscribeTokenKey</c> is set and long enough: every digest and confirmation email
/// carries links signed with it. Never names the key's value.
/// </summary>
public sealed class TokenKeyValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.UnsubscribeTokenKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return ValidateOptionsResult.Fail($"{EmailOptions.Section}:UnsubscribeTokenKey is not set: it signs the unsubscribe, confirm and manage links (Key Vault in Azure; `pipeline up` makes one locally).");
        }

        return key.Length < SubscriberTokens.MinimumKeyLength
            ? ValidateOptionsResult.Fail($"{EmailOptions.Section}:UnsubscribeTokenKey is shorter than {SubscriberTokens.MinimumKeyLength} characters.")
            : ValidateOptionsResult.Success;
    }
}
