# The Windows portable zip on its own (build.ps1 calls the same script):
#   powershell -ExecutionPolicy Bypass -File packaging\windows\make-portable-zip.ps1
# It zips dist\tsunagi\ with tsunagi-portable.txt beside tsunagi.exe, so the unpacked program keeps
# its data in tsunagi\data\ (USB sticks, PCs where installing is not allowed).
$ErrorActionPreference = "Stop"
$Repo = Resolve-Path (Join-Path $PSScriptRoot "..\..")
$Py = Join-Path $Repo ".venv\Scripts\python.exe"
& $Py (Join-Path $Repo "packaging\portable_zip.py") --bundle (Join-Path $Repo "dist\tsunagi") @args
exit $LASTEXITCODE
