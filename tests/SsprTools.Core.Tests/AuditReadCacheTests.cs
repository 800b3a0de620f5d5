using System;
using SsprTools.Core.Graph;
using SsprTools.Core.Model;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The minute for which an account's SSPR audit events are served again on a connection (issue 13).</summary>
    public class AuditReadCacheTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Since = Now.AddDays(-30);

        private static AuditEvent At(DateTimeOffset when, string id) => new AuditEvent { Id = id, ActivityDateTime = when };

        [Fact]
        public void KeptRead_ServesTheSameOrANarrowerWindow_ForAMinute()
        {
            var cache = new AuditReadCache();
            cache.Store("U1", Since, Now, new[] { At(Now.AddDays(-20), "old"), At(Now.AddHours(-1), "new") });

            Assert.True(cache.TryGet("u1", Since.AddSeconds(5), Now.AddSeconds(5), out var same, out var age));
            Assert.Equal(2, same.Count);
            Assert.Equal(TimeSpan.FromSeconds(5), age);

            Assert.True(cache.TryGet("u1", Now.AddDays(-1), Now.AddSeconds(30), out var narrower, out _));
            Assert.Equal("new", Assert.Single(narrower).Id);

            Assert.False(cache.TryGet("u1", Since.AddDays(-1), Now.AddSeconds(5), out _, out _));
            Assert.False(cache.TryGet("u2", Since, Now.AddSeconds(5), out _, out _));
            Assert.False(cache.TryGet("u1", Since, Now + AuditReadCache.MaxAge, out _, out _));
        }

        [Fact]
        public void ProbeFinding_AnswersForWindowsThatContainIt_ForAMinute()
        {
            var cache = new AuditReadCache();
            Assert.Null(cache.LoggedSince(Since, Now));

            cache.StoreLogged(Now.AddDays(-3), Now);
            Assert.True(cache.LoggedSince(Since.AddSeconds(40), Now.AddSeconds(40)));
            Assert.Null(cache.LoggedSince(Now.AddDays(-1), Now.AddSeconds(10)));
            Assert.Null(cache.LoggedSince(Since, Now + AuditReadCache.MaxAge));
        }

        [Fact]
        public void ProbeFindingNone_AnswersForNarrowerWindows_ForAMinute()
        {
            var cache = new AuditReadCache();
            cache.StoreNone(Since, Now);
            Assert.False(cache.LoggedSince(Since.AddSeconds(20), Now.AddSeconds(20)));
            Assert.Null(cache.LoggedSince(Since.AddDays(-1), Now.AddSeconds(20)));
            Assert.Null(cache.LoggedSince(Since.AddSeconds(70), Now + AuditReadCache.MaxAge));
        }
    }
}
