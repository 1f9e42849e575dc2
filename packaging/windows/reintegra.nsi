; Reintegra's Windows installer: per-user (no administrator rights), into %LOCALAPPDATA%\Programs\Reintegra, with a
; Start-menu entry and an uninstaller listed in "Aplicaciones y características" (HKCU). The uninstaller removes the
; program's files only: the data folder %APPDATA%\org.reintegra.app (the encrypted store) is NEVER touched.
; Built by .ci/windows.sh with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSTAGE=<staged files> -DICON=<icon.ico> -DOUTFILE=<setup.exe> reintegra.nsi
; 64-bit like the app (it does not run on 32-bit Windows anyway); also lets Wine64 run it on the test bench.
Target amd64-unicode
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is required (-DVERSION=x.y.z)"
!endif
!ifndef STAGE
  !error "STAGE is required (-DSTAGE=folder with Reintegra.exe, cli\\reintegra.exe, WebView2Loader.dll)"
!endif
!ifndef ICON
  !error "ICON is required (-DICON=icon.ico)"
!endif
!ifndef OUTFILE
  !define OUTFILE "Reintegra-${VERSION}-setup.exe"
!endif

!define PRODUCT "Reintegra"
!define PUBLISHER "Programa Reintegra"
!define IDENTIFIER "org.reintegra.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "Software\${PRODUCT}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT} ${VERSION}"

; Version resource of setup.exe (Properties > Details in the Explorer).
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Instalador de ${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "AGPL-3.0-or-later"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\Reintegra.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Spanish first (the default for any other system language), then English for an English Windows.
!insertmacro MUI_LANGUAGE "Spanish"
!insertmacro MUI_LANGUAGE "English"

LangString RunningMsg ${LANG_SPANISH} "Reintegra está abierto. Ciérrelo y pulse Reintentar."
LangString RunningMsg ${LANG_ENGLISH} "Reintegra is open. Close it and press Retry."
LangString DataKeptMsg ${LANG_SPANISH} "Sus datos se conservan en $APPDATA\${IDENTIFIER} (no se borran al desinstalar)."
LangString DataKeptMsg ${LANG_ENGLISH} "Your data stays in $APPDATA\${IDENTIFIER} (uninstalling never deletes it)."

Section "Reintegra" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A running app holds its exe open: ask to close it rather than fail half-way.
  retry:
  ClearErrors
  Delete "$INSTDIR\Reintegra.exe"
  IfErrors 0 +3
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(RunningMsg)" IDRETRY retry
    Abort
  File "${STAGE}\Reintegra.exe"
  ; The command line in a folder of its own: Windows names are case-insensitive, reintegra.exe would be Reintegra.exe.
  SetOutPath "$INSTDIR\cli"
  File "${STAGE}\cli\reintegra.exe"
  SetOutPath "$INSTDIR"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\Reintegra.ico"
  File "${STAGE}\LEEME.txt"

  WriteUninstaller "$INSTDIR\Desinstalar Reintegra.exe"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\Reintegra.exe" "" "$INSTDIR\Reintegra.ico" 0

  WriteRegStr HKCU "Software\${PRODUCT}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\Reintegra.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Desinstalar Reintegra.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Desinstalar Reintegra.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; The program's own files, one by one: never a recursive delete, never the data folder in %APPDATA%.
  Delete "$INSTDIR\Reintegra.exe"
  Delete "$INSTDIR\cli\reintegra.exe"
  RMDir "$INSTDIR\cli"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\Reintegra.ico"
  Delete "$INSTDIR\LEEME.txt"
  Delete "$INSTDIR\Desinstalar Reintegra.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${PRODUCT}"
  DetailPrint "$(DataKeptMsg)"
SectionEnd
