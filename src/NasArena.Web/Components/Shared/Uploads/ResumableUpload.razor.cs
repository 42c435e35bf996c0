using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace NasArena.Web.Components.Shared.Uploads;

public sealed partial class ResumableUpload : ComponentBase
{
    [Parameter, EditorRequired] public string InputId { get; set; } = "";
    [Parameter] public string? Accept { get; set; }
    [Parameter] public bool Disabled { get; set; }
    [Parameter] public string ProgressTestId { get; set; } = "upload-progress";
    [Parameter] public RenderFragment? ChildContent { get; set; }

    /// <summary>A file was chosen (null: the choice was cleared); nothing is sent yet.</summary>
    [Parameter] public EventCallback<ChosenFile?> FileChosen { get; set; }

    /// <summary>The server accepted the upload: the submission or asset as the REST API answers it.</summary>
    [Parameter] public EventCallback<JsonElement> Completed { get; set; }

    /// <summary>The server refused the upload, or it could not be sent: the server's words when it gave any.</summary>
    [Parameter] public EventCallback<string> Failed { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ResumableUpload>? _self;
    private bool _watching;
    private string? _uploadId;
    private UploadProgress? _progress;

    public bool Uploading { get; private set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_watching && _input.Context is not null)
        {
            _watching = true;
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/resumable-upload.js");
            _self ??= DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("watch", _input, _self);
        }
    }

    /// <summary>
    /// Sends the chosen file to the phase and waits for the outcome (reported through <see cref="Completed"/> or
    /// <see cref="Failed"/>): <paramref name="options"/> is <c>{ description }</c> for a submission or <c>{ asset: { kind,
    /// name, public } }</c> for an organizer's asset (upload.js). Answers whether the server accepted it.
    /// </summary>
    public async Task<bool> StartAsync(Guid phaseId, object options)
    {
        if (Uploading || _module is null || _self is null)
        {
            return false;
        }
        (Uploading, _progress, _uploadId) = (true, null, null);
        StateHasChanged();
        try
        {
            return await _module.InvokeAsync<bool>("start", TimeSpan.FromHours(12), _input, phaseId.ToString(), _self, options);
        }
        finally
        {
            Uploading = false;
            StateHasChanged();
        }
    }

    private async Task CancelAsync()
    {
        if (_module is not null && _uploadId is not null)
        {
            await _module.InvokeVoidAsync("stop", _uploadId);
        }
    }

    [JSInvokable]
    public Task OnFileChosen(string? name, long size) => InvokeAsync(async () =>
    {
        _progress = null;
        await FileChosen.InvokeAsync(name is null ? null : new ChosenFile(name, size));
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadStarted(JsonElement info) => InvokeAsync(() =>
    {
        _uploadId = info.GetProperty("uploadId").GetString();
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(JsonElement progress) => InvokeAsync(() =>
    {
        _progress = new UploadProgress(progress.GetProperty("bytesSent").GetInt64(), progress.GetProperty("totalBytes").GetInt64(),
            Number(progress, "bytesPerSecond"), Number(progress, "secondsLeft"),
            progress.TryGetProperty("retries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadCompleted(JsonElement accepted) => InvokeAsync(async () =>
    {
        if (_progress is { } p)
        {
            _progress = p with { Sent = p.Total, SecondsLeft = 0 };
        }
        await Completed.InvokeAsync(accepted);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadFailed(JsonElement error) => InvokeAsync(async () =>
    {
        var detail = error.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var title = error.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        await Failed.InvokeAsync(detail ?? title ?? "the upload failed.");
        StateHasChanged();
    });

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>"1.5 MiB of 20 MiB (8%) · 2 MiB/s · 9 s left · resumed after 1 interruption(s)".</summary>
    public static string ProgressText(UploadProgress? progress)
    {
        if (progress is not { } p)
        {
            return "Starting the upload…";
        }
        var text = $"{Format.Bytes(p.Sent)} of {Format.Bytes(p.Total)} ({100 * p.Fraction:0}%)";
        if (p.BytesPerSecond is { } speed && speed > 0)
        {
            text += $" · {Format.Bytes((long)speed)}/s";
        }
        if (p.SecondsLeft is { } left && p.Sent < p.Total)
        {
            text += " · " + Format.TimeLeft(left);
        }
        if (p.Retries > 0)
        {
            text += $" · resumed after {p.Retries} interruption(s)";
        }
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone: so is the module.
            }
        }
        _self?.Dispose();
    }
}

/// <summary>The file a user chose, as the browser reports it (nothing of it is sent yet).</summary>
public sealed record ChosenFile(string Name, long Size);

public sealed record UploadProgress(long Sent, long Total, double? BytesPerSecond, double? SecondsLeft, int Retries)
{
    public double Fraction => Total == 0 ? 0 : (double)Sent / Total;
}
