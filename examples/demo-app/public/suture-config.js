// Replaced at deploy time (the browser tests serve their own). `suture serve` listens on 4318 by default.
window.SUTURE_CONFIG = { endpoint: 'http://127.0.0.1:4318', publicKey: 'pk_demo_local' }
