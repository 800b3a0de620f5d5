using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace SsprHelp;

/// <summary>A parameter as it stands in one parameter set.</summary>
public sealed record SetParameter(string Name, bool IsMandatory, int? Position, bool ByValue, bool ByPropertyName);

public sealed record ParameterSet(string Name, bool IsDefault, IReadOnlyList<SetParameter> Parameters);

/// <summary>What a parameter is, whatever the set.</summary>
public sealed record ParameterFacts(
    string Name,
    Type Type,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool SupportsWildcards,
    string DefaultValue,
    IReadOnlyList<string> Sets)
{
    public bool IsSwitch => Type == typeof(SwitchParameter);
}

/// <summary>
/// One cmdlet's own metadata, read from the compiled cmdlet in the PowerShell engine (CmdletInfo): the facts the
/// help must not restate by hand.
/// </summary>
public sealed class CmdletMetadata
{
    /// <summary>The engine's common parameters (-Verbose …) and the ShouldProcess ones, which the help does describe.</summary>
    private static readonly HashSet<string> Common = new(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);

    private CmdletMetadata(string name, string verb, string noun)
    {
        Name = name;
        Verb = verb;
        Noun = noun;
    }

    public string Name { get; }

    public string Verb { get; }

    public string Noun { get; }

    /// <summary>The parameter sets, the default first, then in the engine's order; common parameters left out.</summary>
    public List<ParameterSet> ParameterSets { get; } = new();

    /// <summary>Every parameter the help documents (not the common ones; -WhatIf and -Confirm included), in declaration order.</summary>
    public List<ParameterFacts> Parameters { get; } = new();

    /// <summary>Types that can be piped in by value (element types for arrays); empty when nothing is taken from the pipeline.</summary>
    public List<string> InputTypes { get; } = new();

    /// <summary>The [OutputType] names; empty when the cmdlet declares none or only void.</summary>
    public List<string> OutputTypes { get; } = new();

    public ParameterFacts? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public static CmdletMetadata From(CmdletInfo cmdlet)
    {
        var meta = new CmdletMetadata(cmdlet.Name, cmdlet.Verb, cmdlet.Noun);
        object? instance = null;
        try
        {
            instance = Activator.CreateInstance(cmdlet.ImplementingType);
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            // No default values then; everything else still comes from the metadata.
        }

        var sets = cmdlet.ParameterSets.OrderByDescending(s => s.IsDefault).ToList();
        var declared = cmdlet.Parameters.Values.Where(p => !Common.Contains(p.Name)).ToList();
        foreach (var p in declared)
        {
            var inSets = sets.Where(s => s.Parameters.Any(x => x.Name == p.Name)).Select(s => s.Name).ToList();
            // A parameter that must always be given has no default, whatever its property starts as (an enum's first value).
            bool alwaysMandatory = sets.SelectMany(s => s.Parameters).Where(x => x.Name == p.Name).All(x => x.IsMandatory);
            meta.Parameters.Add(new ParameterFacts(
                p.Name,
                p.ParameterType,
                p.Aliases.ToList(),
                AcceptedValues(p.Attributes, p.ParameterType),
                p.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
                alwaysMandatory ? "None" : DefaultValue(instance, cmdlet.ImplementingType, p.Name),
                inSets));
        }

        foreach (var set in sets)
        {
            var parameters = set.Parameters.Where(p => !Common.Contains(p.Name)).ToList();
            meta.ParameterSets.Add(new ParameterSet(set.Name, set.IsDefault, DisplayOrder(parameters)
                .Select(p => new SetParameter(p.Name, p.IsMandatory, p.Position == int.MinValue ? null : p.Position,
                    p.ValueFromPipeline, p.ValueFromPipelineByPropertyName))
                .ToList()));
        }

        foreach (var set in sets)
        {
            foreach (var p in set.Parameters.Where(p => p.ValueFromPipeline && !Common.Contains(p.Name)))
            {
                var type = p.ParameterType.IsArray ? p.ParameterType.GetElementType()! : p.ParameterType;
                string name = TypeFullName(type);
                if (!meta.InputTypes.Contains(name))
                {
                    meta.InputTypes.Add(name);
                }
            }
        }

        foreach (var output in cmdlet.OutputType)
        {
            if (output.Type == typeof(void) || output.Name is "System.Void" or "void")
            {
                continue;
            }

            string name = output.Type != null ? TypeFullName(output.Type) : output.Name;
            if (!meta.OutputTypes.Contains(name))
            {
                meta.OutputTypes.Add(name);
            }
        }

        return meta;
    }

    /// <summary>The order Get-Command -Syntax uses: positional by position, then mandatory named, then the other named.</summary>
    private static IEnumerable<CommandParameterInfo> DisplayOrder(List<CommandParameterInfo> parameters) =>
        parameters.Where(p => p.Position != int.MinValue).OrderBy(p => p.Position)
            .Concat(parameters.Where(p => p.Position == int.MinValue && p.IsMandatory))
            .Concat(parameters.Where(p => p.Position == int.MinValue && !p.IsMandatory));

    private static IReadOnlyList<string> AcceptedValues(IEnumerable<Attribute> attributes, Type parameterType)
    {
        var set = attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
        if (set != null)
        {
            return set.ValidValues.ToList();
        }

        var type = Nullable.GetUnderlyingType(parameterType) ?? parameterType;
        if (type.IsArray)
        {
            type = type.GetElementType()!;
        }

        return type.IsEnum ? Enum.GetNames(type).ToList() : Array.Empty<string>();
    }

    /// <summary>The value a new cmdlet object holds before binding: what the parameter is when it is not given.</summary>
    private static string DefaultValue(object? instance, Type implementingType, string parameterName)
    {
        if (instance == null)
        {
            return "None";
        }

        var property = implementingType.GetProperty(parameterName, BindingFlags.Public | BindingFlags.Instance);
        object? value;
        try
        {
            value = property?.GetValue(instance);
        }
        catch (TargetInvocationException)
        {
            return "None";
        }

        switch (value)
        {
            case null:
                return "None";
            case SwitchParameter s:
                return s.IsPresent ? "True" : "False";
            case string s:
                return s.Length == 0 ? "None" : s;
            case Enum e:
                return e.ToString();
            case bool b:
                return b ? "True" : "False";
            case IEnumerable items:
                var list = items.Cast<object>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)).ToList();
                return list.Count == 0 ? "None" : string.Join(", ", list);
            case IFormattable f:
                // A value type at its type's default (0, DateTime.MinValue) is "not given", not a default.
                return Equals(value, Activator.CreateInstance(value.GetType())) ? "None" : f.ToString(null, CultureInfo.InvariantCulture);
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None";
        }
    }

    /// <summary>String[], Int32, Nullable of DateTime shown as DateTime: the short name Get-Help shows in the syntax.</summary>
    public static string TypeShortName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return TypeShortName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            string name = type.Name.Substring(0, type.Name.IndexOf('`'));
            return name + "[" + string.Join(",", type.GetGenericArguments().Select(TypeShortName)) + "]";
        }

        return type.Name;
    }

    public static string TypeFullName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return TypeFullName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            string name = type.GetGenericTypeDefinition().FullName!;
            name = name.Substring(0, name.IndexOf('`'));
            return name + "[" + string.Join(",", type.GetGenericArguments().Select(TypeFullName)) + "]";
        }

        return type.FullName ?? type.Name;
    }
}
