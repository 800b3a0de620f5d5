using System;
using System.Net;
using System.Net.Http;
using SsprTools.Core.Graph.Transport;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The one Retry-After reader shared by $batch inner retries and the reset writer (RFC 9110: seconds or an HTTP date).</summary>
    public class RetryAfterTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("3", 3.0)]
        [InlineData(" 0.5 ", 0.5)]
        [InlineData("-4", 0.0)]
        [InlineData("Mon, 07 Dec 2026 01:00:10 GMT", 10.0)]
        [InlineData("Mon, 07 Dec 2026 00:59:00 GMT", 0.0)]
        public void Parse_SecondsOrDate(string value, double seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(value, Now));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("soon")]
        public void Parse_MissingOrUnreadable_IsNull(string? value)
        {
            Assert.Null(RetryAfter.Parse(value, Now));
        }

        [Fact]
        public void Of_ReadsTheAnswersHeader()
        {
            using var message = new HttpResponseMessage((HttpStatusCode)429);
            Assert.Null(RetryAfter.Of(message, Now));
            message.Headers.TryAddWithoutValidation("Retry-After", "7");
            Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.Of(message, Now));
            Assert.Null(RetryAfter.Of(null, Now));
        }
    }
}
