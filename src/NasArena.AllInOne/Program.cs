// The same commands as NasArena.Web (run, migrate, reset-demo-passwords); this process ships every track kind, so its
// default mode "embedded" scores in-process.
return await NasArena.Web.Hosting.WebCommands.RunAsync(args);
