; Inno Setup 6 script of the possouk installer for Windows (64-bit).
;
; NOT RUN HERE: this script was written on Linux and has not been compiled or tried on
; Windows. Build it with installer\windows\build.ps1, which makes the PyInstaller bundle
; dist\possouk\ (executable dist\possouk\possouk.exe) from installer\possouk.spec, checks it
; with `possouk.exe selftest`, then runs:
;
;     ISCC.exe /DAppVersion=0.1.0 installer\windows\possouk.iss
;
; The installer lands in dist\possouk-<version>-setup.exe. Needs Inno Setup 6.3 or later
; (the "x64compatible" architecture name). The wizard speaks French, Arabic and English;
; Arabic when the compiler's Languages folder has Arabic.isl (recent Inno Setup releases ship
; it; otherwise download it from https://jrsoftware.org/files/istrans/ into that folder).
;
; What it does: installs for every user of the machine (administrator rights) into
; C:\Program Files\possouk, adds possouk to the Start menu (with its uninstaller) and, when
; the box is ticked, to the common desktop. An upgrade replaces the program's files only.
;
; THE DATA IS NEVER DELETED. possouk keeps its database, backups, logs and machine.json in
; each user's %LOCALAPPDATA%\possouk (platformdirs.user_data_dir("possouk",
; appauthor=False)) and its Z reports in Documents\possouk. This script never installs
; anything there, and on purpose has NO [UninstallDelete] entry for those folders: neither an
; upgrade nor an uninstall touches a cooperative's sales. Do not add one.

#ifndef AppVersion
  #error Pass the version: ISCC.exe /DAppVersion=X.Y.Z possouk.iss (build.ps1 does)
#endif

#define AppName "possouk"
#define AppExe "possouk.exe"
; Paths are relative to this file (installer\windows\).
#define RepoRoot "..\.."
#define BundleDir RepoRoot + "\dist\possouk"

[Setup]
; The AppId identifies possouk to Windows across versions: never change it, or an upgrade
; would install a second copy beside the first.
AppId={{E169FC8E-FA22-461B-88FF-9641387DB1A0}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=possouk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#RepoRoot}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running possouk before replacing its files (and offer to restart it afterwards).
CloseApplications=yes
RestartApplications=no
UninstallDisplayName={#AppName} {#AppVersion}
UninstallDisplayIcon={app}\{#AppExe}
#if FileExists(AddBackslash(SourcePath) + "..\possouk.ico")
SetupIconFile=..\possouk.ico
#endif

[Languages]
; French first: the organizers' working language, and the fallback when Windows speaks
; neither Arabic nor English.
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
#if FileExists(CompilerPath + "Languages\Arabic.isl")
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
#else
  #pragma message "Languages\Arabic.isl is missing from this Inno Setup: the installer will not speak Arabic."
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade first removes the previous bundle's libraries, so that no file of an older
; version lingers beside the new one. This is the program folder only, never the data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; runasoriginaluser: possouk must start as the person who ran the installer, not as the
; administrator account that approved it, or it would create its database in that
; account's %LOCALAPPDATA%.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser
