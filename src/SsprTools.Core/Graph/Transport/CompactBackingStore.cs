using System;
using System.Collections.Generic;
using Microsoft.Kiota.Abstractions.Store;

namespace SsprTools.Core.Graph.Transport
{
    /// <summary>
    /// The property store behind every Microsoft Graph model this module creates. Kiota's default, InMemoryBackingStore, keeps
    /// two concurrent dictionaries per model and a tuple per property, for dirty tracking (sending only the properties a
    /// caller changed in a PATCH). This module only reads models: its one write, the password reset, sends a body it encodes
    /// itself (<see cref="PasswordProfileBody"/>). At 10,000 admins a scan holds about 60,000 models at once, and the default
    /// store was about 100 MB of them (measured with dotnet-gcdump; docs/benchmarks.md).
    /// This store keeps the properties in two small arrays. Every value counts as changed, which is what the default store
    /// reports for a model built in code, so serializing such a model still writes what was set. Not for concurrent writers:
    /// a model is filled by one deserializer and only read afterwards.
    /// </summary>
    internal sealed class CompactBackingStore : IBackingStore
    {
        private string[] keys = Array.Empty<string>();
        private object?[] values = Array.Empty<object?>();
        private int count;
        private Dictionary<string, Action<string, object?, object?>>? subscriptions;

        public bool InitializationCompleted { get; set; } = true;

        public bool ReturnOnlyChangedValues { get; set; }

        public T? Get<T>(string key)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentNullException(nameof(key));
            }

            var i = IndexOf(key);
            return i >= 0 && values[i] is T value ? value : default;
        }

        public void Set<T>(string key, T? value)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentNullException(nameof(key));
            }

            var i = IndexOf(key);
            object? old = null;
            if (i >= 0)
            {
                old = values[i];
                values[i] = value;
            }
            else
            {
                if (count == keys.Length)
                {
                    var size = count == 0 ? 4 : count * 2;
                    Array.Resize(ref keys, size);
                    Array.Resize(ref values, size);
                }

                keys[count] = key;
                values[count] = value;
                count++;
            }

            if (subscriptions != null)
            {
                foreach (var callback in new List<Action<string, object?, object?>>(subscriptions.Values))
                {
                    callback(key, old, value);
                }
            }
        }

        public IEnumerable<KeyValuePair<string, object?>> Enumerate()
        {
            var all = new List<KeyValuePair<string, object?>>(count);
            for (var i = 0; i < count; i++)
            {
                all.Add(new KeyValuePair<string, object?>(keys[i], values[i]));
            }

            return all;
        }

        public IEnumerable<string> EnumerateKeysForValuesChangedToNull()
        {
            var nulls = new List<string>();
            for (var i = 0; i < count; i++)
            {
                if (values[i] == null)
                {
                    nulls.Add(keys[i]);
                }
            }

            return nulls;
        }

        public string Subscribe(Action<string, object?, object?> callback)
        {
            var id = Guid.NewGuid().ToString();
            Subscribe(callback, id);
            return id;
        }

        public void Subscribe(Action<string, object?, object?> callback, string subscriptionId)
        {
            if (string.IsNullOrEmpty(subscriptionId))
            {
                throw new ArgumentNullException(nameof(subscriptionId));
            }

            (subscriptions ??= new Dictionary<string, Action<string, object?, object?>>(StringComparer.Ordinal))[subscriptionId] =
                callback ?? throw new ArgumentNullException(nameof(callback));
        }

        public void Unsubscribe(string subscriptionId) => subscriptions?.Remove(subscriptionId);

        public void Clear()
        {
            Array.Clear(keys, 0, count);
            Array.Clear(values, 0, count);
            count = 0;
        }

        private int IndexOf(string key)
        {
            // Models pass their property names as literals, so the same string instance usually comes back.
            for (var i = 0; i < count; i++)
            {
                if (ReferenceEquals(keys[i], key))
                {
                    return i;
                }
            }

            for (var i = 0; i < count; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Makes Kiota create <see cref="CompactBackingStore"/>s. The factory is a process-wide static of Kiota's; the module
    /// loads its own copy of Kiota in its own load context (SsprTools.LoadContext), so no other module's models are affected.</summary>
    internal sealed class CompactBackingStoreFactory : IBackingStoreFactory
    {
        public static readonly CompactBackingStoreFactory Instance = new CompactBackingStoreFactory();

        public IBackingStore CreateBackingStore() => new CompactBackingStore();
    }
}
