// Loads the Yew app compiled to wasm. Kept as a file (not inline) so the content security policy needs no
// 'unsafe-inline'.
import init from './reintegra_ui.js';
init();
