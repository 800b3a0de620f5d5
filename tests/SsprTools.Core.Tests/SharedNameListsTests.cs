using System;
using System.IO;
using System.Linq;
using SsprTools.Core.Readiness;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>Equal AssistedResetBy lists are one array (memory at 10,000 admins), never a shortened one.</summary>
    public class SharedNameListsTests
    {
        [Fact]
        public void AdminsWithTheSameResetters_ShareOneArray_AndEveryNameIsKept()
        {
            var data = SnapshotFormat.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "contoso.snapshot.json"));
            var evaluator = new ReadinessEvaluator(data, new ReadinessOptions { AsOf = new DateTime(2026, 12, 1) });
            var results = evaluator.EvaluateAll();

            var groups = results.Where(r => r.AssistedResetBy.Length > 0)
                .GroupBy(r => string.Join(",", r.AssistedResetBy)).Where(g => g.Count() > 1).ToList();
            Assert.NotEmpty(groups);
            foreach (var g in groups)
            {
                var first = g.First().AssistedResetBy;
                Assert.All(g, r => Assert.Same(first, r.AssistedResetBy));
            }

            // Different lists stay different arrays, each with every resetter the rules found.
            foreach (var r in results)
            {
                var expected = evaluator.Tenant.Authority.WhoCanReset(data.Users.Single(u => u.Id == r.UserId)).Select(x => x.User.UserPrincipalName);
                Assert.Equal(expected, r.AssistedResetBy);
            }
        }
    }
}
