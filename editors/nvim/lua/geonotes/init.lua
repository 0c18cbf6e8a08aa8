--- geonotes client for Neovim 0.7.2 and later: starts one `geonotes lsp` per root, attaches markdown buffers, adds commands.
--- Only APIs present in 0.7.2 are called unconditionally; newer ones are feature-tested.

local util = require('geonotes.util')

local M = {}

local defaults = {
  cmd = { 'geonotes', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { '.geonotes.json', '.git' },
  -- Contents of the `geonotes` settings section (see the README); the server fills in the rest.
  settings = {},
  -- Passed through to `vim.lsp.start_client`.
  on_attach = nil,
  on_init = nil,
  on_exit = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(defaults)

-- root directory -> client id, so every note under one root shares one server.
local clients_by_root = {}

--- Accept both `{ diagnostics = ... }` and `{ geonotes = { diagnostics = ... } }`.
local function section_settings(settings)
  if type(settings) == 'table' and type(settings.geonotes) == 'table' then
    return settings.geonotes
  end
  return settings or {}
end

--- The `geonotes` section of the settings, whichever way it was given.
function M.settings_section()
  return section_settings(M.config.settings)
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not util.is_stopped(client) then
    return client
  end
  return nil
end

local function client_config(root)
  local section = util.json_ready(M.settings_section())
  -- Neovim kills servers still running this long after `exit` as it quits (default 500 ms); a busy
  -- machine can need more for a clean exit, and a server that exits at once costs no wait.
  local flags = { exit_timeout = 2000 }
  -- Before 0.10, incremental sync can drop a buffer's final newline (e.g. after `:%delete`).
  if vim.fn.has('nvim-0.10') == 0 then
    flags.allow_incremental_sync = false
  end
  return {
    name = 'geonotes',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = section,
    -- Neovim answers `workspace/configuration` from this table and pushes it after `initialize`.
    settings = { geonotes = section },
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    -- 0.7 speaks UTF-16 only; newer versions negotiate, but UTF-16 is always valid.
    offset_encoding = 'utf-16',
    flags = flags,
    on_attach = M.config.on_attach,
    -- 0.7 does not push `settings` by itself; servers that wait for a push get it here.
    on_init = function(client)
      util.notify(client, 'workspace/didChangeConfiguration', { settings = client.config.settings })
      if M.config.on_init then
        M.config.on_init(client)
      end
    end,
    on_exit = function(code, signal, client_id)
      if clients_by_root[root] == client_id then
        clients_by_root[root] = nil
      end
      if M.config.on_exit then
        M.config.on_exit(code, signal, client_id)
      end
    end,
  }
end

--- Attach `bufnr` to the geonotes client for its root, starting the client when needed.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start_dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  local root = util.find_root(start_dir, M.config.root_markers) or start_dir
  if vim.lsp.start then
    -- 0.8+: starts or reuses the client for this name and root, and attaches the buffer.
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if not live_client(id) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      vim.notify('geonotes: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  -- A shallow merge: list options such as `cmd` replace the default, never merge with it by index.
  M.config = vim.deepcopy(defaults)
  for key, value in pairs(opts or {}) do
    M.config[key] = value
  end
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    vim.notify(
      'geonotes: server `' .. M.config.cmd[1] .. '` not found; install it with `cargo install --path <repo>` or pass `cmd`',
      vim.log.levels.WARN
    )
  end
  local group = vim.api.nvim_create_augroup('geonotes', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  require('geonotes.commands').create(M)
  -- Buffers opened before setup() ran (e.g. a file given on the command line).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

--- The geonotes client attached to `bufnr`, whichever way it was started (setup() or vim.lsp.enable).
function M.client_for(bufnr)
  return util.attached_client(bufnr, 'geonotes')
end

return M
