; Inno Setup 6 script: a per-user tsunagi installer (no administrator rights needed).
; Needs Inno Setup 6.3 or newer (x64compatible). Kept UTF-8 *with* BOM so that older compilers
; also read the Japanese texts as UTF-8 rather than ANSI.
;
;   Build on Windows, after the bundle (packaging\windows\build.ps1 does all of it):
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.2.0 packaging\windows\tsunagi.iss
;   Output: dist\tsunagi-<version>-windows-x64-setup.exe
;
; Installs dist\tsunagi\ to %LOCALAPPDATA%\Programs\tsunagi with a Start-menu shortcut. The data
; (database, backups, settings) lives elsewhere, in %LOCALAPPDATA%\tsunagi (platformdirs): an
; upgrade replaces only the program, and the app backs the database up before migrating it.
; Uninstalling keeps the data too; an office deletes that folder itself if it wants to.

#ifndef AppVersion
  #define AppVersion "0.2.0"
#endif
#define AppName "tsunagi"
#define AppExe "tsunagi.exe"
#define Root "..\.."

[Setup]
; The AppId identifies the installation for upgrades and uninstalling: never change it.
AppId={{4A02A467-7726-4943-AAC6-8700B8369DBF}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=tsunagi developers
AppComments=孤独・孤立の相談を地域と全国の支援窓口につなぐ相談窓口ディレクトリ
VersionInfoVersion={#AppVersion}
; Per user: {autopf} is %LOCALAPPDATA%\Programs and shortcuts go to the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=tsunagi-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\packaging\icons\tsunagi.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
LicenseFile={#Root}\LICENSE
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; A running tsunagi holds its files open: ask to close it rather than fail half-way.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's library folder whole: no module of an older version may
; linger next to the new one. The data folder is elsewhere and is never touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\tsunagi\*"; DestDir: "{app}"; Excludes: "\data\*,\tsunagi-portable.txt"; Flags: ignoreversion recursesubdirs createallsubdirs
; Inno Setup skips empty folders; the trusted-keys folder must exist even when empty.
[Dirs]
Name: "{app}\_internal\resources\keys"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "相談窓口ディレクトリ"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
