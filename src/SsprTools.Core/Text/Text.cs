using System.Globalization;
using System.Resources;

namespace SsprTools.Core.Text
{
    /// <summary>User-facing text from Strings.resx, in the current UI culture (English fallback).</summary>
    public static class Texts
    {
        private static readonly ResourceManager Resources =
            new ResourceManager("SsprTools.Core.Text.Strings", typeof(Texts).Assembly);

        public static string Get(string key)
        {
            return Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        }

        public static string Format(string key, params object?[] args)
        {
            return string.Format(CultureInfo.CurrentCulture, Get(key), args);
        }
    }
}
