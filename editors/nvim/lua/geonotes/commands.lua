--- User commands :GeonotesSource (open the source paragraph of the mention under the cursor) and
--- :GeonotesCheck (workspace findings into the quickfix list), for clients started either way.

local util = require('geonotes.util')

local M = {}

local severity_type = { 'E', 'W', 'I', 'N' }

--- Location, Location[] or LocationLink[] -> uri, line range start, selection start.
local function first_target(result)
  if type(result) ~= 'table' or vim.tbl_isempty(result) then
    return nil
  end
  local islist = vim.islist or vim.tbl_islist
  local target = islist(result) and result[1] or result
  if target.targetUri then
    return target.targetUri, target.targetRange, target.targetSelectionRange or target.targetRange
  end
  return target.uri, target.range, target.range
end

--- Open the target in a split: the cursor lands on the paragraph's first line, on the matched
--- words when they start on that line.
function M.open_target(result)
  local uri, range, selection = first_target(result)
  if not uri or not range then
    vim.notify('geonotes: no source paragraph for the text under the cursor', vim.log.levels.INFO)
    return false
  end
  vim.cmd('split ' .. vim.fn.fnameescape(vim.uri_to_fname(uri)))
  local lnum = range.start.line
  local line = vim.api.nvim_buf_get_lines(0, lnum, lnum + 1, false)[1] or ''
  local character = selection.start.line == lnum and selection.start.character or range.start.character
  local last = math.max(vim.api.nvim_buf_line_count(0), 1)
  vim.api.nvim_win_set_cursor(0, { math.min(lnum + 1, last), util.utf16_to_byte(line, character) })
  vim.cmd('normal! zt')
  return true
end

function M.source(geonotes)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = geonotes.client_for(bufnr)
  if not client then
    vim.notify('geonotes: no geonotes server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding or 'utf-16')
  util.request(client, 'textDocument/definition', params, function(err, result)
    if err then
      vim.notify('geonotes: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    M.open_target(result)
  end, bufnr)
end

--- Quickfix items from `geonotes check --format json` output (LSP diagnostics with a `uri`).
function M.quickfix_items(diagnostics)
  local items, cache = {}, {}
  for _, d in ipairs(diagnostics) do
    local fname = vim.uri_to_fname(d.uri)
    local start = d.range.start
    local line = util.file_line(fname, start.line, cache)
    table.insert(items, {
      filename = fname,
      lnum = start.line + 1,
      col = util.utf16_to_byte(line, start.character) + 1,
      text = '[' .. tostring(d.code or 'geonotes') .. '] ' .. (d.message or ''),
      type = severity_type[d.severity or 2] or 'W',
    })
  end
  return items
end

local function server_binary(geonotes, bufnr)
  local client = geonotes.client_for(bufnr)
  local cmd = client and client.config and client.config.cmd
  if type(cmd) == 'table' and cmd[1] then
    return cmd[1]
  end
  return geonotes.config.cmd[1]
end

function M.check(geonotes)
  local bufnr = vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start_dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  local root = util.find_root(start_dir, geonotes.config.root_markers) or start_dir
  local cmd = { server_binary(geonotes, bufnr), 'check', '--format', 'json', root }
  -- The check reads sources only under `root`, as the server does unless told otherwise.
  local source = geonotes.settings_section().source
  if type(source) == 'table' and source.allowOutsideWorkspace == true then
    table.insert(cmd, 3, '--allow-outside-workspace')
  end
  local stdout, stderr = {}, {}
  local job = vim.fn.jobstart(cmd, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      stdout = data
    end,
    on_stderr = function(_, data)
      stderr = data
    end,
    on_exit = function(_, code)
      local ok, diagnostics = pcall(vim.json.decode, table.concat(stdout, '\n'))
      if not ok or type(diagnostics) ~= 'table' then
        local message = vim.trim(table.concat(stderr, '\n'))
        vim.notify(
          'geonotes check failed (exit ' .. code .. '): ' .. (message ~= '' and message or 'no JSON output'),
          vim.log.levels.ERROR
        )
        return
      end
      local items = M.quickfix_items(diagnostics)
      vim.fn.setqflist({}, ' ', { title = 'geonotes check ' .. root, items = items })
      if #items > 0 then
        vim.cmd('copen')
      else
        vim.notify('geonotes: no findings under ' .. root, vim.log.levels.INFO)
      end
    end,
  })
  if job <= 0 then
    vim.notify('geonotes: cannot run ' .. cmd[1], vim.log.levels.ERROR)
  end
end

function M.create(geonotes)
  vim.api.nvim_create_user_command('GeonotesSource', function()
    M.source(geonotes)
  end, { desc = 'geonotes: open the source paragraph of the mention under the cursor' })
  vim.api.nvim_create_user_command('GeonotesCheck', function()
    M.check(geonotes)
  end, { desc = 'geonotes: check every note of the workspace into the quickfix list' })
end

return M
