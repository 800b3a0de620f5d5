using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SsprTools.Core.Sources;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>
    /// Runs Core's async work on the thread pool while the pipeline thread pumps what it reports.
    /// Write* may only be called on the pipeline thread, so the observer queues actions and this loop replays them.
    /// </summary>
    internal sealed class PipelineBridge : IScanObserver
    {
        private readonly BlockingCollection<Action<Cmdlet>> queue = new BlockingCollection<Action<Cmdlet>>();
        private readonly int progressId;

        public PipelineBridge(int progressId = 1)
        {
            this.progressId = progressId;
        }

        public T Run<T>(Cmdlet cmdlet, Func<IScanObserver, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            var task = Task.Run(() => work(this, cancellationToken), cancellationToken);
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var action in queue.GetConsumingEnumerable())
            {
                action(cmdlet);
            }

            // Unwrap so callers see the original exception, not an AggregateException.
            return task.GetAwaiter().GetResult();
        }

        public void Verbose(string message) => Post(c => c.WriteVerbose(message));

        public void Warning(string message) => Post(c => c.WriteWarning(message));

        public void Progress(string activity, string status, int percent) => Post(c =>
        {
            var record = new ProgressRecord(progressId, activity, string.IsNullOrEmpty(status) ? activity : status)
            {
                PercentComplete = Math.Max(-1, Math.Min(100, percent)),
                RecordType = percent >= 100 ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            c.WriteProgress(record);
        });

        private void Post(Action<Cmdlet> action)
        {
            if (!queue.IsAddingCompleted)
            {
                try
                {
                    queue.Add(action);
                }
                catch (InvalidOperationException)
                {
                    // The work finished between the check and the add: nothing left to show it to.
                }
            }
        }
    }
}
