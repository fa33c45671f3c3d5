# Builds the Windows installer of possouk: dist\possouk-<version>-setup.exe
#
# NOT RUN HERE: written on Linux, this script has not been run on Windows yet. Keep it
# simple; fix it on the first real build and say so in its history.
#
# Needs, on a 64-bit Windows 10/11:
#   - Python 3.11 (x64) with the py launcher (python.org installer), or -Python C:\path\python.exe
#   - Inno Setup 6.3 or later (https://jrsoftware.org/isinfo.php), or -Iscc C:\path\ISCC.exe
#
# Run from anywhere, in PowerShell:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#
# Steps (each one stops the build when it fails):
#   1. a fresh virtual environment in build\win-venv;
#   2. pip installs possouk (from this checkout), PyInstaller, and the printer packages
#      (pyusb, pyserial, pywin32; libusb-package brings libusb-1.0.dll, which PyInstaller's
#      pyusb hook copies into the bundle when it can find it on the PATH);
#   3. pyinstaller installer\possouk.spec  ->  dist\possouk\possouk.exe;
#   4. dist\possouk\possouk-cli.exe selftest --report selftest.txt (offscreen): the build fails
#      when the bundle misses anything (translations, fonts, migrations, documents...);
#   5. ISCC installer\windows\possouk.iss /DAppVersion=<possouk's version>.

[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Invoke-Step([string]$What, [scriptblock]$Command) {
    Write-Host "== $What"
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed (exit code $LASTEXITCODE)."
    }
}

# 1. A fresh virtual environment.
$Venv = Join-Path $Root "build\win-venv"
if (Test-Path $Venv) {
    Remove-Item -Recurse -Force $Venv
}
if ($Python) {
    Invoke-Step "Creating the virtual environment" { & $Python -m venv $Venv }
} else {
    Invoke-Step "Creating the virtual environment" { & py -3.11 -m venv $Venv }
}
$Py = Join-Path $Venv "Scripts\python.exe"

# 2. possouk, PyInstaller and the printer packages.
Invoke-Step "Upgrading pip" { & $Py -m pip install --upgrade pip }
Invoke-Step "Installing possouk and PyInstaller" {
    & $Py -m pip install $Root pyinstaller pyusb pyserial pywin32 libusb-package
}
$Version = (& $Py -c "import possouk; print(possouk.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) {
    throw "Could not read possouk's version."
}
Write-Host "possouk $Version"

# libusb-1.0.dll (for USB receipt printers through WinUSB) must be on the PATH while
# PyInstaller runs, so that its pyusb hook finds it and puts it in the bundle.
$LibusbDir = (& $Py -c "import os, libusb_package; print(os.path.dirname(libusb_package.__file__))").Trim()
if (-not (Get-ChildItem -Path $LibusbDir -Recurse -Filter "libusb-1.0*.dll" -ErrorAction SilentlyContinue)) {
    throw "libusb-package brought no libusb-1.0.dll (looked in $LibusbDir)."
}
$LibusbDll = (Get-ChildItem -Path $LibusbDir -Recurse -Filter "libusb-1.0*.dll" | Select-Object -First 1).DirectoryName
$env:PATH = "$LibusbDll;$env:PATH"

# 3. The bundle: dist\possouk\possouk.exe
Invoke-Step "Building the bundle with PyInstaller" {
    & $Py -m PyInstaller --noconfirm --clean (Join-Path $Root "installer\possouk.spec")
}
$Exe = Join-Path $Root "dist\possouk\possouk.exe"
if (-not (Test-Path $Exe)) {
    throw "PyInstaller did not make $Exe."
}
if (-not (Get-ChildItem -Path (Join-Path $Root "dist\possouk") -Recurse -Filter "libusb-1.0*.dll")) {
    throw "The bundle has no libusb-1.0.dll: USB receipt printers would not work."
}

# 4. The bundle checks itself, through possouk-cli.exe (the same program with a console, so
# its answers and exit code come back here). A throwaway database and settings folder keep the
# build machine's own possouk data out of it.
$Cli = Join-Path $Root "dist\possouk\possouk-cli.exe"
if (-not (Test-Path $Cli)) {
    throw "PyInstaller did not make $Cli."
}
$Check = Join-Path $env:TEMP ("possouk-selftest-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $Check | Out-Null
$env:POSSOUK_DB = Join-Path $Check "selftest.sqlite3"
$env:POSSOUK_CONFIG_DIR = $Check
$env:QT_QPA_PLATFORM = "offscreen"
$Report = Join-Path $Root "selftest.txt"
Write-Host "== possouk selftest"
& $Cli --lang en selftest --report $Report
$Code = $LASTEXITCODE
Remove-Item Env:POSSOUK_DB
Remove-Item Env:POSSOUK_CONFIG_DIR
Remove-Item Env:QT_QPA_PLATFORM
Remove-Item -Recurse -Force $Check -ErrorAction SilentlyContinue
if ($Code -ne 0) {
    throw "possouk selftest failed (exit code $Code): see $Report."
}

# 5. The installer.
if (-not $Iscc) {
    $Found = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($Found) {
        $Iscc = $Found.Source
    } else {
        $Candidates = @(
            (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
        )
        $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    }
}
if (-not $Iscc) {
    throw "ISCC.exe (Inno Setup 6) was not found: install Inno Setup or pass -Iscc C:\path\ISCC.exe."
}
Invoke-Step "Compiling the installer with Inno Setup" {
    & $Iscc "/DAppVersion=$Version" (Join-Path $Root "installer\windows\possouk.iss")
}
$Setup = Join-Path $Root "dist\possouk-$Version-setup.exe"
if (-not (Test-Path $Setup)) {
    throw "Inno Setup did not make $Setup."
}
Write-Host "Done: $Setup"
