# Sailau's pages in English. Every id here is also in kk.ftl and ru.ftl (tests/i18n.rs).

## The frame of every page

site-title = Election results
skip-to-content = Skip to the content
nav-main = Main
nav-results = Results
nav-verify = Verify
nav-language = Language
text-size = Text size
high-contrast = High contrast
footer-open = Everything on these pages comes from the public record, which anyone can download and check.
download-record = Download the election record
breadcrumbs = Where you are
nation = Kazakhstan
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

## Errors

error-not-found = Not found
error-bad-request = The request cannot be used
error-forbidden = Not allowed
error-conflict = Conflict
error-internal = Something went wrong
error-internal-detail = The service could not answer. Nothing was changed; please try again.
back-to-results = Back to the results
no-election-yet = No election has been defined on this service yet.
no-such-unit = There is no unit “{ $unit }” in this election.
no-such-precinct = There is no precinct “{ $precinct }” in this election.

## The national page

national-title = Results
status-final = Final results.
status-signed = The Central Election Commission ({ $by }) signed the national protocol at { $at }.
status-none = No precinct has reported yet.
status-complete = Every precinct has reported.
status-awaiting-cec = The results become final when the Central Election Commission signs the national protocol.
status-preliminary = Preliminary results.
status-reported = { NUM($reported) } of { NUM($total) } { $total ->
    [one] precinct has
   *[other] precincts have
} reported.
status-progress = Precincts reported
refused-title = Contests the law could not decide

turnout-title = Turnout
turnout-none = No turnout figure has been published yet: each hour is published once it has come at every polling station.
turnout-at = Turnout at { $hour }: { $percent }
turnout-of = { NUM($voted) } of { NUM($registered) } voters had received ballots, in { NUM($reporting) } of { NUM($precincts) } precincts reporting.
turnout-by-hour = Turnout through the day
turnout-by-region = Turnout by region
col-hour = Hour
col-voted = Voted
col-registered = On the lists
col-region = Region

body-presidential = President
body-mazhilis = Mazhilis
body-kurultai = Kurultai
body-senate = Senate
body-maslikhat = Maslikhats
body-rural-akim = Rural akims
body-referendum = Referendum

col-option = Option
col-votes = Votes
col-share = Share
col-chart = Share as a bar
col-threshold = Threshold
col-seats = Seats
passed = passed
not-passed = did not pass
line-threshold = The line marks the { $percent } threshold a list must reach to share in the seats.
line-majority = The line marks half of the votes: a candidate needs more than { $percent } to win in the first round.
line-adoption = The line marks { $percent }: a question needs more to be adopted.
outcome-allocated = { $seats } { $seats ->
    [one] seat is
   *[other] seats are
} shared among the { $lists } { $lists ->
    [one] list
   *[other] lists
} that passed the threshold.
outcome-elected = { $name } is elected with { $share } of the votes.
outcome-runoff = No candidate won more than half of the votes: { $first } and { $second } go to a second round.
outcome-repeat = Nobody can be elected under the rules: the vote will be held again.
outcome-adopted = The question is adopted.
outcome-rejected = The question is rejected.
outcome-invalid = The vote is invalid: too few voters took part.

chamber-title = The chamber
chamber-total = The chamber’s { $seats } { $seats ->
    [one] seat
   *[other] seats
}, by party.
col-party = Party
col-list-seats = List seats
col-district-seats = District seats
seat-undecided = Not yet decided
self-nominated = Self-nominated
district-winners = Single-member districts
col-district = District
col-winner = Winner
councils-title = Councils
col-council = Council
col-districts-decided = Districts decided
votes-here = votes in this unit

next-title = What happens next
next-preliminary = These results are preliminary until every precinct has reported and the Central Election Commission has signed. The law sets the final results within ten days: by { $due }.
next-awaiting-cec = Every precinct has reported; the Central Election Commission signs the national protocol by { $due }.
next-final = These results are final: the Central Election Commission has signed the national protocol.
next-runoff = The second round is held within two months.
next-repeat = a repeat election will be called in this district.
next-lists = Each party that won seats names its deputies from its list within ten days.

## Units and precincts

unit-signed = The territorial commission ({ $by }) signed this sum at { $at }.
summary-json = This unit’s summary protocol (JSON)
unit-results = Results in this unit
subunits = Districts
col-unit = Unit
col-reported = Reported
precincts = Precincts
col-precinct = Precinct
col-protocol = Protocol
precinct-number = Precinct No. { $number }
protocol-received = received
protocol-awaited = awaited
protocol-accepted = The protocol was accepted at { $at }.
signed-by-station = Signed by the station key
seal-closed = Ballot box closed
seal-entries = Entries in the ballot box’s log
seal-head = Last hash of the log
record-status = The station’s record
protocol-json = The signed protocol (JSON)
print = Print
record-none = not yet published
record-pending = published, being verified
record-passed = verified: every check passed
record-failed = verification FAILED
protocol-counts = Ballots and voters
protocol-votes = Votes
relations-hold = Every control relation holds.

## Verification

verify-title = Verify the election
check-my-ballot = Check my ballot
check-my-ballot-intro = The terminal showed you a confirmation code when you voted. Enter it to see your encrypted ballot on the public bulletin board. The code shows that your ballot is counted; it does not show how you voted.
code-label = Confirmation code
code-hint = 16 letters and digits, for example 7K2M-9QXD-4H8B-ZT3W. Dashes and case do not matter.
code-check = Check
code-malformed = This is not a confirmation code: a code has 16 letters and digits.
code-not-found = No ballot with this code is on the board yet.
code-not-found-why = A polling station publishes its ballots after it closes and its record is uploaded: { NUM($reported) } of { NUM($total) } precincts have published so far. If your station has published and your code is not there, tell an observer or the commission: keep your code.
code-found = Your ballot is on the bulletin board.
code-precinct = Polling station
code-state = State
code-cast = cast: it is counted
code-challenged = challenged: it was opened to check the terminal and is not counted
code-position = Position on the board
code-full = Full code
code-chain = The board’s chain after it
record-title = The election record
record-failures = Stations whose record fails verification
board-length = Ballots on the board
board-head = The board’s chain head
how-to-verify = Check it yourself
how-to-verify-intro = Anyone can download the whole record and check every ballot’s proofs, every station’s signed protocol, every sum and every decision, without trusting this service. With Sailau installed, one command does it:
how-to-verify-manual = Or download the record and verify it:
flags-title = Flags
flags-none = Nothing has been flagged.
col-flag = Flag
col-detail = Detail
