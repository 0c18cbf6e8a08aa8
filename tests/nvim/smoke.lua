--- Drives a real headless Neovim (0.7.2 APIs only) through the geonotes plugin against a copy of the demo workspace.
--- Env: GEONOTES_BIN (server binary), GEONOTES_WORKSPACE (writable copy), GEONOTES_PIDFILE and
--- GEONOTES_EXITFILE (where to record the server pid and, as Neovim quits, its exit code and signal). Ends with :qall! on success, :cquit 1 after printing every failed check.

local bin = os.getenv('GEONOTES_BIN')
local workspace = os.getenv('GEONOTES_WORKSPACE')
local pidfile = os.getenv('GEONOTES_PIDFILE')
local exitfile = os.getenv('GEONOTES_EXITFILE')
local TIMEOUT_MS = 15000

local failures = {}

local function say(message)
  io.stdout:write(message .. '\n')
  io.stdout:flush()
end

local function check(ok, what, detail)
  if ok then
    say('ok   ' .. what)
  else
    say('FAIL ' .. what .. (detail and (': ' .. detail) or ''))
    table.insert(failures, what)
  end
  return ok
end

--- Stop the run at once: later steps depend on this one.
local function require_ok(ok, what, detail)
  if not check(ok, what, detail) then
    error('cannot go on after: ' .. what, 0)
  end
end

local function wait_for(condition)
  return vim.wait(TIMEOUT_MS, condition, 20)
end

-- Count publishes per file, so a check waits for the server's answer to *this* save.
local publishes = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_publish(err, result, ctx, config)
  if result and result.uri then
    local fname = vim.uri_to_fname(result.uri)
    publishes[fname] = (publishes[fname] or 0) + 1
  end
end

local function publish_count(bufnr)
  return publishes[vim.api.nvim_buf_get_name(bufnr)] or 0
end

--- Save `bufnr` and wait for a publish after it that shows `settled()`: a publish still under way
--- for an earlier state (e.g. the one for opening the file) may land after the save.
local function save_and_wait(bufnr, what, settled)
  local before = publish_count(bufnr)
  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd('silent write')
  end)
  return wait_for(function()
    return publish_count(bufnr) > before and settled()
  end), 'diagnostics published after saving ' .. what
end

--- 0-based line and byte column of the first `needle` in the buffer, or nil.
local function find_text(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then
      return i - 1, s - 1, line
    end
  end
  return nil
end

local function position_params(bufnr, lnum, byte_col, line)
  local _, utf16 = vim.str_utfindex(line, byte_col)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = lnum, character = utf16 } }
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
  if not responses then
    return nil, err
  end
  for _, response in pairs(responses) do
    if response.error then
      return nil, vim.inspect(response.error)
    end
    return response.result
  end
  return nil, 'no response'
end

local function hover_text(result)
  if type(result) ~= 'table' then
    return ''
  end
  local parts = {}
  local function add(contents)
    if type(contents) == 'string' then
      table.insert(parts, contents)
    elseif type(contents) == 'table' and contents.value then
      table.insert(parts, contents.value)
    elseif type(contents) == 'table' then
      for _, c in ipairs(contents) do
        add(c)
      end
    end
  end
  add(result.contents)
  return table.concat(parts, '\n')
end

local function geonotes_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'geonotes' then
      table.insert(out, d)
    end
  end
  table.sort(out, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return out
end

local function describe(diagnostics)
  local lines = {}
  for _, d in ipairs(diagnostics) do
    table.insert(lines, string.format('%d:%d-%d:%d [%s] %s', d.lnum, d.col, d.end_lnum, d.end_col, tostring(d.code), d.message))
  end
  return table.concat(lines, '\n')
end

--- The 0-based line where paragraph 15 of the fixture article starts.
local function paragraph_15_line(article_path)
  for i, line in ipairs(vim.fn.readfile(article_path)) do
    if line:find('Right now, however, what matters', 1, true) then
      return i - 1
    end
  end
  return nil
end

local function target_of(result)
  if type(result) ~= 'table' then
    return nil
  end
  local first = result[1] or result
  if first.targetUri then
    return first.targetUri, first.targetRange
  end
  return first.uri, first.range
end

local function run()
  require_ok(bin and workspace, 'GEONOTES_BIN and GEONOTES_WORKSPACE are set')
  vim.cmd('filetype on')
  local geonotes = require('geonotes')
  geonotes.setup({
    cmd = { bin, 'lsp' },
    settings = { diagnostics = { trigger = 'save' } },
    -- Runs in a libuv callback while Neovim quits: plain Lua I/O only.
    on_exit = function(code, signal)
      if exitfile then
        local f = io.open(exitfile, 'w')
        if f then
          f:write(string.format('%d %d\n', code, signal))
          f:close()
        end
      end
    end,
  })

  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/notes.md'))
  local notes = vim.api.nvim_get_current_buf()
  require_ok(vim.bo[notes].filetype == 'markdown', 'notes.md has filetype markdown', vim.bo[notes].filetype)
  require_ok(wait_for(function()
    local client = geonotes.client_for(notes)
    return client ~= nil and client.initialized == true
  end), 'the geonotes client starts and attaches to notes.md')
  local client = geonotes.client_for(notes)
  if pidfile and client.rpc and client.rpc.pid then
    vim.fn.writefile({ tostring(client.rpc.pid) }, pidfile)
  end
  check(client.offset_encoding == 'utf-16', 'the client speaks UTF-16', client.offset_encoding)

  -- Hover on an entity: its definition and the paragraphs that mention it.
  -- Each entity with a word of its knowledge-base definition and a paragraph of the article that names it.
  local hovers = {
    { entity = 'S-400', definition = 'surface-to-air', paragraph = '¶15' },
    { entity = 'Kremlin', definition = 'Moscow', paragraph = '¶1' },
  }
  for _, case in ipairs(hovers) do
    local lnum, col, line = find_text(notes, case.entity)
    require_ok(lnum ~= nil, case.entity .. ' occurs in notes.md')
    local result, err = request(notes, 'textDocument/hover', position_params(notes, lnum, col + 1, line))
    local text = hover_text(result)
    say('     hover: ' .. text:gsub('%s+', ' '):sub(1, 160))
    check(text:find(case.entity, 1, true) ~= nil, 'hover on ' .. case.entity .. ' names it', err or text)
    check(text:find(case.definition, 1, true) ~= nil, 'hover on ' .. case.entity .. ' gives its definition', text)
    check(text:find(case.paragraph .. '%f[^%d]') ~= nil, 'hover on ' .. case.entity .. ' cites ' .. case.paragraph, text)
  end

  -- Definition on "S-400": article.txt on the first line of ¶15.
  local article = workspace .. '/article.txt'
  local p15 = paragraph_15_line(article)
  require_ok(p15 ~= nil, 'the fixture article has ¶15')
  local s400_line, s400_col, s400_text = find_text(notes, 'S-400')
  local result, err = request(notes, 'textDocument/definition', position_params(notes, s400_line, s400_col, s400_text))
  local uri, range = target_of(result)
  check(uri ~= nil and vim.uri_to_fname(uri) == article, 'definition on S-400 points at article.txt', err or vim.inspect(result))
  check(range ~= nil and range.start.line == p15, 'definition on S-400 starts on ¶15 line ' .. p15, vim.inspect(range))

  -- :GeonotesSource opens that place in a split.
  vim.api.nvim_win_set_cursor(0, { s400_line + 1, s400_col })
  vim.cmd('GeonotesSource')
  local opened = wait_for(function()
    return vim.api.nvim_buf_get_name(0) == article
  end)
  check(opened and #vim.api.nvim_tabpage_list_wins(0) == 2, ':GeonotesSource opens article.txt in a split', vim.api.nvim_buf_get_name(0))
  if opened then
    check(vim.api.nvim_win_get_cursor(0)[1] == p15 + 1, ':GeonotesSource puts the cursor on ¶15', vim.inspect(vim.api.nvim_win_get_cursor(0)))
    vim.cmd('close')
  end
  vim.api.nvim_set_current_buf(notes)

  -- A wrong figure on a line with Cyrillic and emoji before it: the byte columns must still be exact.
  require_ok(wait_for(function()
    return publish_count(notes) > 0
  end), 'diagnostics published when notes.md opens')
  local wrong = 'Путин 👍 claimed 4,100 Chinese troops took part. 🇷🇺'
  vim.api.nvim_buf_set_lines(notes, -1, -1, false, { '', wrong })
  local wrong_lnum = vim.api.nvim_buf_line_count(notes) - 1
  -- A figure is its number with what it counts, as `geonotes check` names it.
  local wrong_figure = '4,100 Chinese troops'
  local figure_start = wrong:find(wrong_figure, 1, true) - 1
  local figure_end = figure_start + #wrong_figure
  local function figure_diagnostics_on(bufnr, lnum)
    local found = {}
    for _, d in ipairs(geonotes_diagnostics(bufnr)) do
      if d.code == 'unsupported-figure' and d.lnum == lnum then
        table.insert(found, d)
      end
    end
    return found
  end
  check(save_and_wait(notes, 'notes.md with a wrong figure', function()
    return #figure_diagnostics_on(notes, wrong_lnum) > 0
  end))
  local on_line = figure_diagnostics_on(notes, wrong_lnum)
  check(#on_line == 1, 'one unsupported-figure diagnostic on the Cyrillic/emoji line', describe(geonotes_diagnostics(notes)))
  if on_line[1] then
    local d = on_line[1]
    check(
      d.col == figure_start and d.end_col == figure_end and d.end_lnum == wrong_lnum,
      string.format('it underlines exactly "%s" (bytes %d-%d)', wrong_figure, figure_start, figure_end),
      string.format('got bytes %d-%d: "%s"', d.col, d.end_col, wrong:sub(d.col + 1, d.end_col))
    )
  end
  local all_before_fix = geonotes_diagnostics(notes)
  check(#all_before_fix > 1, 'the demo notes have more findings than the added line', describe(all_before_fix))

  -- :GeonotesCheck puts the same finding into the quickfix list, at the same byte column.
  vim.fn.setqflist({}, 'r')
  vim.cmd('GeonotesCheck')
  local qf_hit
  wait_for(function()
    for _, item in ipairs(vim.fn.getqflist()) do
      if item.lnum == wrong_lnum + 1 and item.text:find('[unsupported-figure]', 1, true) then
        qf_hit = item
        return true
      end
    end
    return false
  end)
  check(qf_hit ~= nil and qf_hit.col == figure_start + 1, ':GeonotesCheck lists the wrong figure at its byte column', vim.inspect(vim.fn.getqflist()))
  vim.cmd('cclose')
  -- The check reads sources only under the root, as the server does; the setting that lifts
  -- that for the server lifts it for the command (the job is caught, not run).
  local saved_settings, saved_jobstart = geonotes.config.settings, vim.fn.jobstart
  local check_cmds = {}
  vim.fn.jobstart = function(cmd)
    table.insert(check_cmds, cmd)
    return 1
  end
  vim.cmd('GeonotesCheck')
  geonotes.config.settings = { geonotes = { source = { allowOutsideWorkspace = true } } }
  vim.cmd('GeonotesCheck')
  vim.fn.jobstart, geonotes.config.settings = saved_jobstart, saved_settings
  local flagged = vim.tbl_map(function(cmd)
    return vim.tbl_contains(cmd, '--allow-outside-workspace')
  end, check_cmds)
  check(
    vim.deep_equal(flagged, { false, true }),
    ':GeonotesCheck passes --allow-outside-workspace only when source.allowOutsideWorkspace is true',
    vim.inspect(check_cmds)
  )
  vim.api.nvim_set_current_buf(notes)

  -- The same text with CRLF line endings: the same diagnostics at the same places.
  local crlf_path = workspace .. '/notes-crlf.md'
  local crlf_file = assert(io.open(crlf_path, 'wb'))
  crlf_file:write(table.concat(vim.api.nvim_buf_get_lines(notes, 0, -1, false), '\r\n') .. '\r\n')
  crlf_file:close()
  vim.cmd('edit ' .. vim.fn.fnameescape(crlf_path))
  local crlf = vim.api.nvim_get_current_buf()
  check(vim.bo[crlf].fileformat == 'dos', 'the copy is read as a CRLF (dos) buffer', vim.bo[crlf].fileformat)
  local expected = describe(all_before_fix)
  local same = wait_for(function()
    return publish_count(crlf) > 0 and describe(geonotes_diagnostics(crlf)) == expected
  end)
  check(same, 'the CRLF buffer gets the same diagnostics at the same places', describe(geonotes_diagnostics(crlf)) .. '\n--- expected ---\n' .. expected)
  vim.api.nvim_set_current_buf(notes)

  -- Replacing the wrong figure with the article's and saving clears that diagnostic.
  vim.api.nvim_buf_set_lines(notes, wrong_lnum, wrong_lnum + 1, false, { (wrong:gsub('4,100', '3,200')) })
  local cleared = save_and_wait(notes, 'notes.md with the article figure', function()
    return #figure_diagnostics_on(notes, wrong_lnum) == 0
  end)
  check(cleared, 'the article figure 3,200 clears the diagnostic', describe(geonotes_diagnostics(notes)))
  check(#geonotes_diagnostics(notes) == #all_before_fix - 1, 'the other findings stay', describe(geonotes_diagnostics(notes)))
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  say('FAIL ' .. tostring(err))
  table.insert(failures, 'error')
end
if #failures > 0 then
  say(#failures .. ' check(s) failed')
  vim.cmd('cquit 1')
else
  say('all checks passed')
  vim.cmd('qall!')
end
