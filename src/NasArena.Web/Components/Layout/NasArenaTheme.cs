using MudBlazor;

namespace NasArena.Web.Components.Layout;

public static class NasArenaTheme
{
    /// <summary>System fonts: MudBlazor's default (Roboto) would be fetched from another host, which a closed network lacks.</summary>
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            AppbarBackground = "#17365d",
            Secondary = "#8a4f00",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts, FontSize = "2rem", FontWeight = "500", LineHeight = "1.25" },
            H2 = new H2Typography { FontFamily = Fonts, FontSize = "1.5rem", FontWeight = "500", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "500", LineHeight = "1.3" },
        },
    };
}
