"""Translation work on the content: extracting its strings, checking catalogues and term bases
against it, and listing what reviewers read first. The bot's own translating (catalogues, the
translator) is core, in `bot.i18n`; this tooling reads flows, so it is content."""
