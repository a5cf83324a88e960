using System.Net;

namespace Pipeline.Cli.Hosting;

/// <summary>The accept loop of the CLI's small HTTP servers: each request served on its own task until stopped.</summary>
internal static class HttpListenerLoop
{
    /// <summary>Accepts requests on <paramref name="listener"/> until <paramref name="cancellationToken"/> fires or the listener closes.</summary>
    public static async Task RunAsync(HttpListener listener, Func<HttpListenerContext, CancellationToken, Task> serveAsync, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => serveAsync(context, cancellationToken), CancellationToken.None);
        }
    }
}
