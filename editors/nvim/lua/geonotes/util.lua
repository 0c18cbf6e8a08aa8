--- Helpers shared by the geonotes plugin: root search, JSON-safe settings, client lookup, UTF-16 columns.
--- Written against Neovim 0.7.2 (no vim.fs, no vim.lsp.get_clients).

local M = {}

--- Walk up from `dir` to the first directory holding one of `markers`.
function M.find_root(dir, markers)
  local current = vim.fn.fnamemodify(dir, ':p'):gsub('/$', '')
  while current ~= '' do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(current .. '/' .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ':h')
    if parent == current then
      break
    end
    current = parent
  end
  return nil
end

--- Neovim encodes an empty Lua table as a JSON array; drop empty tables so the server keeps its
--- defaults, and send `{}` rather than `[]` for an empty section.
function M.json_ready(value)
  if type(value) ~= 'table' then
    return value
  end
  local out = {}
  for key, item in pairs(value) do
    if type(item) ~= 'table' or next(item) ~= nil then
      out[key] = M.json_ready(item)
    end
  end
  if next(out) == nil then
    return vim.empty_dict()
  end
  return out
end

--- The client named `name` attached to `bufnr`, on any Neovim from 0.7 on.
function M.attached_client(bufnr, name)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = name })
  else
    clients = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(clients) do
    if client.name == name then
      return client
    end
  end
  return nil
end

--- Byte column (0-based) of a UTF-16 `character` offset on `line`, clamped to the line.
function M.utf16_to_byte(line, character)
  local ok, col
  if vim.fn.has('nvim-0.11') == 1 then
    ok, col = pcall(vim.str_byteindex, line, 'utf-16', character, false)
  else
    ok, col = pcall(vim.str_byteindex, line, character, true)
  end
  if ok then
    return col
  end
  return #line
end

--- Text of line `lnum` (0-based) of `fname`: from its buffer when loaded, else from disk.
function M.file_line(fname, lnum, cache)
  local bufnr = vim.fn.bufnr(fname)
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    return vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ''
  end
  cache = cache or {}
  if not cache[fname] then
    local ok, lines = pcall(vim.fn.readfile, fname)
    cache[fname] = ok and lines or {}
  end
  return ((cache[fname][lnum + 1] or ''):gsub('\r$', ''))
end

-- Neovim 0.11 turned client functions into methods and deprecated the plain calls.
local methods = vim.fn.has('nvim-0.11') == 1

function M.request(client, method, params, handler, bufnr)
  if methods then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

function M.notify(client, method, params)
  if methods then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

function M.is_stopped(client)
  if methods then
    return client:is_stopped()
  end
  return client.is_stopped()
end

return M
