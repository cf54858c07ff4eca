#!/bin/sh
# A "VS Code executable" for @vscode/test-cli (useInstallation.fromPath): runs the tests in
# code-server + headless Chromium. Needs `npx tsc -p tsconfig.test.json` first (out/).
# Runs on the project's Node (PATH), not Node 24: code-server gets Node 24 itself.
exec node "$(dirname "$0")/../../out/test/harness/launcher.js" "$@"
