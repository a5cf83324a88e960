using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Cli.Hosting;

/// <summary>Wraps services the WebJobs SDK registers, for the local host's decorators.</summary>
internal static class SdkServices
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="T"/> with a singleton that <paramref name="wrap"/> makes
    /// around the registered one. Call after the SDK registered it (<c>AddAzureStorageCoreServices</c>).
    /// </summary>
    public static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"The WebJobs SDK registered no {typeof(T).Name} to wrap; call AddAzureStorageCoreServices first.");
        services.Remove(registered);
        services.AddSingleton(sp => wrap(sp, (T)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
    }
}
