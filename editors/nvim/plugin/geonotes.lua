--- Defines :GeonotesSource and :GeonotesCheck at startup, so they also work for servers started by vim.lsp.enable('geonotes').
if vim.fn.has('nvim-0.7') == 0 or vim.g.loaded_geonotes then
  return
end
vim.g.loaded_geonotes = true
require('geonotes.commands').create(require('geonotes'))
