using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace SsprTools.Core.Graph.Transport
{
    /// <summary>
    /// The one reader of Graph's Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP date), for the answers the SDK's
    /// retry handler does not see: requests inside a $batch and the reset writer's long-running operation.
    /// </summary>
    internal static class RetryAfter
    {
        /// <summary>The header's value as a wait, never negative; null when it is missing or unreadable.</summary>
        public static TimeSpan? Parse(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var text = value!.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && !double.IsNaN(seconds) && !double.IsInfinity(seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(0, Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)));
            }

            if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ||
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }

        /// <summary>The Retry-After of an answer (typed header first, then the raw value); null when there is none.</summary>
        public static TimeSpan? Of(HttpResponseMessage? message, DateTimeOffset now)
        {
            if (message == null)
            {
                return null;
            }

            var header = message.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta)
            {
                return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
            }

            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return message.Headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;
        }
    }
}
