using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Reports;
using VmssAutoscale.Sources;
using static VmssAutoscale.Errors.ModuleErrors;

namespace VmssAutoscale.Azure.Arm
{
    /// <summary>The answer to one ARM request, detached from Azure.Core so it can be kept after the message is gone.</summary>
    internal sealed class ArmResponse
    {
        public ArmResponse(int status, string body, IReadOnlyDictionary<string, string> headers, TimeSpan? retryAfter)
        {
            Status = status;
            Body = body;
            Headers = headers;
            RetryAfter = retryAfter;
        }

        public int Status { get; }

        public string Body { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public TimeSpan? RetryAfter { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>
    /// Sends ARM requests through one authenticated Azure.Core pipeline (bearer token, our retry
    /// policy, the chosen transport), follows nextLink paging, and turns HTTP failures into the
    /// module's errors: 401 AuthenticationError, 403 PermissionDenied with the action and role,
    /// 404 ObjectNotFound naming the resource, exhausted throttling LimitsExceeded.
    /// </summary>
    internal sealed class ArmRestClient
    {
        private readonly HttpPipeline pipeline;
        private readonly SourceLog log;
        private readonly TimeSpan deadline;
        private readonly int maxResponseBytes;

        public ArmRestClient(HttpPipeline pipeline, Uri endpoint, SourceLog log, TimeSpan? deadline = null, int? maxResponseBytes = null)
        {
            this.pipeline = pipeline;
            Endpoint = endpoint;
            this.log = log;
            this.deadline = deadline ?? TimeSpan.FromMinutes(5);
            this.maxResponseBytes = maxResponseBytes ?? 64 * 1024 * 1024;
        }

        public Uri Endpoint { get; }

        public Uri Resolve(string pathOrUrl) =>
            ArmUrls.Resolve(pathOrUrl, Endpoint, out var problem) ?? throw new ModuleException(
                ErrorIds.UntrustedLink, ErrorCategory.SecurityError,
                $"Azure Resource Manager returned a link the module does not follow: {problem}. Nothing was sent to it, so the access token stayed here. If this repeats, the endpoint or a proxy in between is not behaving like Azure Resource Manager.");

        /// <summary>A GET: the only request the module sends without an <see cref="ArmWritePermit"/>.</summary>
        public Task<ArmResponse> GetResponseAsync(string pathOrUrl, ArmAccess access, CancellationToken cancellationToken, bool allowNotFound = false) =>
            SendCoreAsync(RequestMethod.Get, null, pathOrUrl, null, access, cancellationToken, allowNotFound);

        /// <summary>A request other than GET: sent only when <paramref name="permit"/> allows the path it resolves to.</summary>
        public Task<ArmResponse> SendAsync(ArmWritePermit permit, string path, string body, ArmAccess access, CancellationToken cancellationToken) =>
            SendCoreAsync(permit.Method, permit, path, body, access, cancellationToken, allowNotFound: false);

        private async Task<ArmResponse> SendCoreAsync(RequestMethod method, ArmWritePermit? permit, string pathOrUrl, string? body, ArmAccess access, CancellationToken cancellationToken, bool allowNotFound)
        {
            var uri = Resolve(pathOrUrl);

            // The one place that decides what leaves: a GET, or the permit's method to the permit's path shape,
            // checked on the path as sent (after the URL parser removed any dot segments).
            if (method != RequestMethod.Get && (permit == null || permit.Method != method || !permit.Allows(uri.AbsolutePath)))
            {
                throw new ModuleException(
                    ErrorIds.RequestNotAllowed, ErrorCategory.SecurityError,
                    $"The module refused to send {method} {ArmUrls.ForLog(uri)} while {access.What}: {(permit == null ? "a request other than GET needs a permit" : $"it is not the path of {permit.Name}")}. Nothing was sent. The value it was built from came from a service answer that is not what Azure sends; report it if it repeats.",
                    access.What);
            }

            using var message = pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add("Accept", "application/json");

            // The body is read here, under the size cap and the deadline, not buffered whole by Azure.Core.
            message.BufferResponse = false;
            if (body != null)
            {
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
            }

            var watch = Stopwatch.StartNew();

            // One deadline for the whole request, body included: Azure.Core's NetworkTimeout bounds each read,
            // so a body trickled a byte at a time would otherwise never end.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(deadline);
            string text;
            try
            {
                await pipeline.SendAsync(message, bounded.Token).ConfigureAwait(false);
                text = await ReadBodyAsync(message.Response, method, uri, access, bounded.Token).ConfigureAwait(false);
            }
            catch (global::Azure.Identity.AuthenticationFailedException e)
            {
                throw new ModuleException(
                    ErrorIds.NotSignedIn, ErrorCategory.AuthenticationError,
                    "No Azure credential is available for " + Endpoint.GetLeftPart(UriPartial.Authority) + ". Sign in with Connect-AzAccount (Az.Accounts), "
                    + "or run Connect-VmssAutoscale -AccessToken <token>, or use a managed identity, the AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET environment variables, or 'az login'. "
                    + "Details: " + FirstLine(e.Message),
                    access.What, e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e)
            {
                throw new ModuleException(ErrorIds.Timeout, ErrorCategory.OperationTimeout, $"Azure Resource Manager did not answer {method} {uri.AbsolutePath} within {watch.Elapsed.TotalSeconds:0} s while reading {access.What} (the limit for one request, retries and body included, is {deadline.TotalSeconds:0} s). Try again later.", access.What, e);
            }
            catch (RequestFailedException e) when (e.Status == 0)
            {
                throw new ModuleException(ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, $"Could not reach {Endpoint.GetLeftPart(UriPartial.Authority)} for {access.What}: {FirstLine(e.Message)}. Check the network, the proxy and the -ResourceManagerUrl of Connect-VmssAutoscale.", access.What, e);
            }

            var response = message.Response;
            log.Verbose($"{method} {ArmUrls.ForLog(uri)} -> {response.Status} ({watch.ElapsedMilliseconds} ms)");
            if (response.Status >= 300 && response.Status < 400)
            {
                // Redirects are never followed (the transport is told not to) and their bodies never used:
                // ARM does not redirect, and another host must not get the token or feed the results.
                var target = response.Headers.TryGetValue("Location", out var location) && Uri.TryCreate(location?.Trim(), UriKind.Absolute, out var to) ? ArmUrls.Authority(to) : "an unnamed place";
                throw new ModuleException(
                    ErrorIds.RedirectRefused, ErrorCategory.SecurityError,
                    $"Azure Resource Manager answered {method} {uri.AbsolutePath} with a redirect (HTTP {response.Status}) to {target}. The module does not follow redirects, so nothing was sent there and the answer was not used. Check -ResourceManagerUrl (Connect-VmssAutoscale) and any proxy in between.",
                    access.What);
            }

            if (response.Status >= 400 && !(allowNotFound && response.Status == 404))
            {
                throw Failure(response.Status, text, access, uri);
            }

            if (response.Status < 300)
            {
                RequireJsonObject(text, method, response.Status, uri, access);
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers)
            {
                headers[h.Name] = h.Value;
            }

            return new ArmResponse(response.Status, text, headers, RetryAfter.Of(response));
        }

        private async Task<string> ReadBodyAsync(Response response, RequestMethod method, Uri uri, ArmAccess access, CancellationToken cancellationToken)
        {
            var stream = response.ContentStream;
            if (stream == null)
            {
                return string.Empty;
            }

            using (stream)
            {
                using var body = new System.IO.MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > maxResponseBytes)
                    {
                        throw new ModuleException(
                            ErrorIds.ResponseTooLarge, ErrorCategory.LimitsExceeded,
                            $"Azure Resource Manager answered {method} {uri.AbsolutePath} with more than {maxResponseBytes / (1024 * 1024.0):0.#} MB; the module reads at most that much of one answer. Narrow the request (a shorter time range, one resource group), or check the endpoint (-ResourceManagerUrl).",
                            access.What);
                    }

                    body.Write(chunk, 0, read);
                }

                return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
            }
        }

        /// <summary>
        /// Every successful ARM answer the module reads is a JSON object (or empty for an accepted
        /// change); anything else is an error that names the request, method and path without the query.
        /// </summary>
        private static void RequireJsonObject(string text, RequestMethod method, int status, Uri uri, ArmAccess access)
        {
            string? problem = null;
            var trimmed = text.TrimStart();
            if (trimmed.Length == 0)
            {
                problem = method == RequestMethod.Get && status == 200 ? "an empty body" : null;
            }
            else if (trimmed[0] == '<')
            {
                problem = "an HTML or XML page (a proxy, a captive portal or a sign-in page answering instead?)";
            }
            else
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    problem = doc.RootElement.ValueKind == JsonValueKind.Object ? null : $"JSON {Kind(doc.RootElement.ValueKind)}";
                }
                catch (JsonException)
                {
                    problem = NestedDeeperThan(text, MaxJsonDepth)
                        ? $"JSON nested deeper than {MaxJsonDepth} levels, more than any Azure Resource Manager answer"
                        : "text that is not complete JSON (truncated?)";
                }
            }

            if (problem != null)
            {
                throw new ModuleException(
                    ErrorIds.InvalidResponse, ErrorCategory.InvalidResult,
                    $"Azure Resource Manager answered {method} {uri.AbsolutePath} (HTTP {status}) with {problem}, not the JSON object it sends. Try again; if it repeats, check -ResourceManagerUrl (Connect-VmssAutoscale) and any proxy in between.",
                    access.What);
            }
        }

        /// <summary>The depth System.Text.Json reads by default (JsonReaderOptions.MaxDepth): an answer nested deeper is refused.</summary>
        private const int MaxJsonDepth = 64;

        /// <summary>Whether brackets outside strings nest deeper than <paramref name="depth"/>: to name the refusal of a deep answer rightly.</summary>
        private static bool NestedDeeperThan(string text, int depth)
        {
            var level = 0;
            var inString = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if ((c == '{' || c == '[') && ++level > depth)
                {
                    return true;
                }
                else if (c == '}' || c == ']')
                {
                    level--;
                }
            }

            return false;
        }

        private static string Kind(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "true or false",
        };

        public async Task<string> GetAsync(string pathOrUrl, ArmAccess access, CancellationToken cancellationToken) =>
            (await GetResponseAsync(pathOrUrl, access, cancellationToken).ConfigureAwait(false)).Body;

        /// <summary>
        /// Every item of a pageable list, each as its JSON text, within the list budgets
        /// (<see cref="ReadBudgets"/>: pages, items and bytes, or a <see cref="ErrorIds.ListTooLong"/>
        /// error naming the list and the budget). An item whose id came before (a page served twice
        /// under another link) is kept once. Stops, with a warning, when the service hands back a link
        /// it already gave, the first page's included: following it again would never end.
        /// </summary>
        public async Task<IReadOnlyList<string>> ListAsync(string pathOrUrl, ArmAccess access, CancellationToken cancellationToken)
        {
            var meter = ReadBudgets.FromEnvironment().Meter(access.What);
            var items = new List<string>();
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.Ordinal) { PageKey(pathOrUrl) };
            string? next = pathOrUrl;
            while (next != null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter.Page();
                var body = await GetAsync(next, access, cancellationToken).ConfigureAwait(false);
                meter.Read(body.Length);

                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && !ids.Add(id.GetString()!))
                        {
                            continue;
                        }

                        meter.Item();
                        items.Add(item.GetRawText());
                    }
                }

                next = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String
                    && !string.IsNullOrEmpty(link.GetString()) ? link.GetString() : null;
                if (next != null && !seen.Add(PageKey(next)))
                {
                    log.Warning($"Azure Resource Manager returned the same nextLink twice while listing {access.What}; stopped after {meter.Pages} pages ({items.Count} items) to avoid an endless loop. The list may be incomplete.");
                    break;
                }
            }

            return items;
        }

        /// <summary>A page's URL as loop detection compares it: resolved and unescaped, so "$expand" and "%24expand" are one page.</summary>
        private string PageKey(string pathOrUrl) => Uri.UnescapeDataString(Resolve(pathOrUrl).AbsoluteUri);

        private static ModuleException Failure(int status, string body, ArmAccess access, Uri uri)
        {
            var (code, echoed) = ErrorOf(body);

            // Services echo what they were sent: a token or a key in the message must not reach the error stream.
            var armMessage = echoed == null ? null : SecretRedactor.RedactText(echoed);
            var detail = code == null ? $"HTTP {status}" : $"HTTP {status} {code}: {FirstLine(armMessage ?? string.Empty)}";
            switch (status)
            {
                case 401:
                    return new ModuleException(
                        ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError,
                        $"Azure Resource Manager did not accept the credentials while reading {access.What} ({detail}). The token may be expired or issued for another cloud or tenant. "
                        + "Sign in again: Connect-AzAccount, or Connect-VmssAutoscale -AccessToken (Get-AzAccessToken -ResourceUrl <resource manager url>).Token, or 'az login'.",
                        access.What);
                case 403:
                    return new ModuleException(
                        ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied,
                        $"Permission denied for {access.What}: the signed-in identity lacks the action '{access.Action}' on '{access.Scope}'. "
                        + $"Assign a role that grants it, such as {access.Roles}, at that scope or above ({detail}).",
                        access.What);
                case 404:
                    return new ModuleException(
                        ErrorIds.NotFound, ErrorCategory.ObjectNotFound,
                        string.Equals(code, "ResourceGroupNotFound", StringComparison.OrdinalIgnoreCase) || string.Equals(code, "SubscriptionNotFound", StringComparison.OrdinalIgnoreCase)
                            ? $"Could not find {access.What}: {FirstLine(armMessage ?? code!)} Check the resource group and the subscription (-SubscriptionId, Connect-VmssAutoscale)."
                            : $"Could not find {access.What} ({access.Scope}). Check the name, the resource group and the subscription (-SubscriptionId, Connect-VmssAutoscale).",
                        access.What);
                case 429:
                    return new ModuleException(
                        ErrorIds.Throttled, ErrorCategory.LimitsExceeded,
                        $"Azure Resource Manager kept throttling the requests for {access.What} (HTTP 429) after every retry. Wait a few minutes, or run fewer requests in parallel, then try again.",
                        access.What);
                default:
                    return new ModuleException(
                        status >= 500 ? ErrorIds.ServiceError : ErrorIds.RequestFailed,
                        status >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation,
                        $"Azure Resource Manager failed {access.What} ({detail}; {ArmUrls.ForLog(uri)}).",
                        access.What);
            }
        }

        /// <summary>The ARM error envelope: {"error":{"code","message"}} (some services omit the wrapper).</summary>
        public static (string? Code, string? Message) ErrorOf(string body)
        {
            try
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return (null, null);
                }

                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;

                // Log Analytics nests the useful part (e.g. "Failed to resolve table ...") in innererror.innererror:
                // the deepest message is appended, so the reader sees what actually went wrong.
                var message = Str(error, "message");
                var inner = error;
                var depth = 0;
                while (depth++ < 8 && inner.TryGetProperty("innererror", out var next) && next.ValueKind == JsonValueKind.Object)
                {
                    inner = next;
                }

                var innermost = depth > 1 ? Str(inner, "message") : null;
                if (!string.IsNullOrEmpty(innermost) && innermost != message)
                {
                    message = message == null ? innermost : message + " (" + innermost + ")";
                }

                return (Str(error, "code"), message);
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string FirstLine(string text)
        {
            var i = text.IndexOfAny(new[] { '\r', '\n' });
            return i < 0 ? text : text.Substring(0, i);
        }
    }
}
