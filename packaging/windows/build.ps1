# Build the Windows bundle, the portable zip and the installer (run on Windows, from any folder):
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs: Python 3.11 (python.org or `py` launcher), Inno Setup 6 (ISCC.exe) for the installer.
# `make dist` is for Linux and macOS; this script is its Windows equivalent.
# Keep this file UTF-8 *with* BOM: Windows PowerShell 5.1 reads a BOM-less script as ANSI.
$ErrorActionPreference = "Stop"
$Repo = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Repo

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    py -3.11 -m venv .venv
}
$Py = Join-Path $Repo ".venv\Scripts\python.exe"
& $Py -m pip install --quiet --upgrade pip
& $Py -m pip install --quiet -e ".[dev]" pyinstaller
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

& $Py -m PyInstaller --noconfirm --distpath dist --workpath build packaging\tsunagi.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The same checks as .ci/bundle-test, on the console executable.
$Check = Join-Path $env:TEMP ("tsunagi-check-" + [guid]::NewGuid())
$env:TSUNAGI_DATA_DIR = $Check
& dist\tsunagi\tsunagi-cli.exe --version
if ($LASTEXITCODE -ne 0) { throw "tsunagi-cli --version failed" }
& dist\tsunagi\tsunagi-cli.exe search --json "死にたい" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "tsunagi-cli search failed" }
Remove-Item Env:\TSUNAGI_DATA_DIR
Remove-Item -Recurse -Force $Check

$Version = (& $Py -c "import index; print(index.__version__)").Trim()
& $Py packaging\portable_zip.py --out "dist\tsunagi-$Version-windows-x64-portable.zip"
if ($LASTEXITCODE -ne 0) { throw "portable zip failed" }

$Iscc = @(
    (Get-Command ISCC.exe -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source),
    "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
if ($Iscc) {
    & $Iscc "/DAppVersion=$Version" packaging\windows\tsunagi.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
    Write-Warning "Inno Setup 6 not found: skipped the installer (winget install JRSoftware.InnoSetup)"
}
Get-ChildItem dist\*.zip, dist\*.exe | Format-Table Name, Length
