--- Server config for Neovim 0.11+: `vim.lsp.enable('geonotes')`; override with `vim.lsp.config('geonotes', {...})`.
return {
  cmd = { 'geonotes', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { '.geonotes.json', '.git' },
  -- Answered through `workspace/configuration`; the keys are those of the README's settings table.
  settings = {
    geonotes = {
      diagnostics = { trigger = 'save' },
    },
  },
  -- The server also reads its settings from `initializationOptions` at startup.
  before_init = function(params, config)
    local section = config.settings and config.settings.geonotes
    if section then
      params.initializationOptions = section
    end
  end,
}
