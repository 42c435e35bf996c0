// The few things the pages ask the browser directly. Kept tiny: every page works from its server-rendered HTML.
window.nasarena = {
  // The viewer's IANA time zone, so dates can be shown in it next to UTC.
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || null,
};
