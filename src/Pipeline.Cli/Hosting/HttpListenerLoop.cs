using System.Net;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The accept loop of the CLI's small HTTP servers: each request served on its own task until stopped; a request that
/// fails is reported to <c>onFailed</c>, and every response is closed, whatever happened to the client.
/// </summary>
internal static class HttpListenerLoop
{
    /// <summary>Accepts requests on <paramref name="listener"/> until <paramref name="cancellationToken"/> fires or the listener closes.</summary>
    public static async Task RunAsync(HttpListener listener, Func<HttpListenerContext, CancellationToken, Task> serveAsync, Action<Exception> onFailed, CancellationToken cancellationToken)
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

            _ = Task.Run(() => ServeOneAsync(context, serveAsync, onFailed, cancellationToken), CancellationToken.None);
        }
    }

    private static async Task ServeOneAsync(HttpListenerContext context, Func<HttpListenerContext, CancellationToken, Task> serveAsync, Action<Exception> onFailed, CancellationToken cancellationToken)
    {
        try
        {
            await serveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            onFailed(ex);
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away.
            }
        }
    }
}
