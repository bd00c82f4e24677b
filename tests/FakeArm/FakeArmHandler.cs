using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VmssAutoscale.FakeArm
{
    /// <summary>The fake ARM in process: an HttpMessageHandler for Azure.Core's HttpClientTransport.</summary>
    public sealed class FakeArmHandler : HttpMessageHandler
    {
        private readonly FakeArmService service;

        public FakeArmHandler(FakeArmService service)
        {
            this.service = service;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in request.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }

            var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var fakeRequest = new FakeRequest { Method = request.Method.Method, Uri = request.RequestUri!, Headers = headers, Body = body };
            await service.DelayAsync(fakeRequest, cancellationToken).ConfigureAwait(false);
            var answer = service.Handle(fakeRequest);
            var response = new HttpResponseMessage((System.Net.HttpStatusCode)answer.Status)
            {
                Content = new StringContent(answer.Body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            foreach (var h in answer.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                response.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            return response;
        }
    }
}
