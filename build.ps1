# Build verbs for CrystalKernels (PowerShell twin of build.sh; same verbs, same commands).
#   dotnet tool restore; dotnet pwsh build.ps1 build|test|bench|publish|ci
param([Parameter(Position = 0)][string]$Verb = 'build', [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @())
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true
Set-Location $PSScriptRoot
switch ($Verb) {
  'build'   { dotnet build CrystalKernels.sln -c Release }
  'test'    { dotnet test CrystalKernels.sln -c Release @Rest }
  'bench'   { dotnet run --project src/CrystalKernels.Cli -c Release -- bench @Rest }
  'publish' { $rid = if ($Rest.Count -gt 0) { $Rest[0] } else { 'linux-x64' }
              dotnet publish src/CrystalKernels.Cli -c Release -r $rid --self-contained -p:InvariantGlobalization=true -o (Join-Path 'publish' $rid) }
  'ci'      { bash .ci/run }
  default   { Write-Error "usage: build.ps1 build|test|bench|publish|ci"; exit 2 }
}
