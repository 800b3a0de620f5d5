using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SsprTools.Core.Graph;
using SsprTools.Core.Sources;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The request limits of a live read (issue 8): -ThrottleLimit's default and the reports API pacer. No timing assertions.</summary>
    public class GraphLimitsTests
    {
        [Fact]
        public void ThrottleLimit_DefaultsToEight()
        {
            Assert.Equal(8, TenantReadOptions.DefaultThrottleLimit);
            Assert.Equal(8, TenantReadOptions.Default.ThrottleLimit);
            Assert.Equal(8, new TenantReadOptions().ThrottleLimit);
        }

        [Theory]
        [InlineData("https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true", true)]
        [InlineData("https://graph.microsoft.com/v1.0/auditLogs/directoryAudits", true)]
        [InlineData("http://127.0.0.1:5000/v1.0/reports/authenticationMethods/userRegistrationDetails", true)]
        [InlineData("https://graph.microsoft.com/v1.0/users?$filter=id in ('a')", false)]
        [InlineData("https://graph.microsoft.com/v1.0/$batch", false)]
        [InlineData("https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments", false)]
        public void ReportPacer_AppliesToTheReportsApiOnly(string url, bool applies)
        {
            Assert.Equal(applies, ReportPacer.Applies(new Uri(url)));
            Assert.False(ReportPacer.Applies(null));
        }

        [Fact]
        public async Task ReportPacer_LetsFiveThroughAtOnce_TheSixthWaitsForTheWindow()
        {
            Assert.Equal(5, ReportPacer.Limit);
            Assert.Equal(TimeSpan.FromSeconds(10), ReportPacer.Window);
            var pacer = new ReportPacer();
            for (var i = 0; i < ReportPacer.Limit; i++)
            {
                Assert.Equal(TimeSpan.Zero, await pacer.WaitTurnAsync(CancellationToken.None));
            }

            // The sixth would wait for the window: cancel it instead of waiting ten seconds.
            using var cancel = new CancellationTokenSource();
            var sixth = pacer.WaitTurnAsync(cancel.Token);
            Assert.False(sixth.IsCompleted);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sixth);
        }

        [Fact]
        public async Task ReportPacer_OnAVirtualClock_ComputesTheSameWaitWithoutSleeping()
        {
            var clock = new VirtualReportClock();
            var start = clock.UtcNow;
            var pacer = new ReportPacer(clock);
            for (var i = 0; i < ReportPacer.Limit; i++)
            {
                Assert.Equal(TimeSpan.Zero, await pacer.WaitTurnAsync(CancellationToken.None));
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var announced = new List<TimeSpan>();
            var waited = await pacer.WaitTurnAsync(CancellationToken.None, announced.Add);
            Assert.True(waited >= ReportPacer.Window, "the sixth request waits for the window: " + waited);
            Assert.Equal(waited, Assert.Single(announced));   // the wait is announced (progress) before it starts
            Assert.True(clock.UtcNow - start >= ReportPacer.Window);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "a virtual wait does not sleep: " + watch.Elapsed);
            Assert.Equal(ReportPacer.Limit + 1, pacer.Sent);
        }

        [Fact]
        public void ReportClocks_AreTheWallClockUnlessATestAsksOtherwise()
        {
            Assert.False(ReportClocks.VirtualByDefault);
            Assert.Same(SystemReportClock.Instance, ReportClocks.For(new Uri("https://graph.microsoft.com/")));
        }
    }
}
