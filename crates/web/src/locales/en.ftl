# Sailau's pages in English. Every id here is also in kk.ftl and ru.ftl (tests/i18n.rs).

## The frame of every page

site-title = Election results
skip-to-content = Skip to the content
nav-main = Main
nav-results = Results
nav-verify = Verify
nav-register = Registries
nav-console = Commissions
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
chamber-seated = The chamber as seated
chamber-seated-intro = The deputies the parties named to their list seats and the district winners, as the registry records them (the Registries page has the ledger).
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
seal-tally = SHA-256 of its tally.json
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
definition-digest = The election definition (SHA-256)
how-to-verify = Check it yourself
how-to-verify-intro = Anyone can download the whole record and check every ballot’s proofs, every station’s signed protocol, every sum and every decision, without trusting this service. With Sailau installed, one command does it:
how-to-verify-manual = Or download the record and verify it:
flags-title = Flags
flags-none = Nothing has been flagged.
col-flag = Flag
col-detail = Detail

## The station's console

go-back = Go back
console-title = Precinct commission
training-clock = Training clock:
station-password = The station’s password
sign-in = Sign in
sign-out = Sign out
wrong-password = Wrong password.
console-menu = Console
console-overview = Overview
desk-title = Registration desk
box-title = Electronic ballot box
mobile-title = Mobile box
count-title = Paper count
close-title = Closing
polls-title = The polls
polls-not-opened = The polls are not open yet.
polls-opened = The polls were opened at { $at }.
polls-sealed = The station was sealed at { $at }: the desk issues nothing and the box takes nothing.
open-intro = Show the observers that the ballot boxes are empty, count the paper ballots received for each contest, and open the polls.
paper-received-for = Paper ballots received: { $contest }
open-polls = Open the polls
not-a-count = “{ $value }” is not a whole number.
day-title = The day so far
on-list = Voters on the list
issued-paper = Paper ballots issued in the station
issued-mobile = Paper ballots issued for the mobile box
issued-card = Cards issued
box-entries = Ballots in the electronic box (cast and challenged)
mobile-requests = Requests for the mobile box
turnout-sent = Sent to the CEC
turnout-accepted = accepted
turnout-not-accepted = not accepted: { $answer }
send-turnout-now = Send the turnout due now
no-central = This station is not connected to the CEC’s service.
terminals-title = Voting terminals
terminal-reset = End the session
no-such-terminal = There is no terminal “{ $device }” at this station.
how-paper = on paper
how-mobile = for the mobile box
how-card = on a card
find-voter = Find a voter by IIN
iin-hint = The 12 digits of the identity card.
find = Find
not-on-list = This voter is not on this station’s list.
already-issued = This voter has already received ballots ({ $how }).
has-certificate = This voter took absentee certificate { $number }: { $contests } contest(s) are voted elsewhere.
issue-paper = Issue paper ballots
issue-card = Issue a card
issue-mobile = Issue ballots for the mobile box
request-mobile = Record a written request for the mobile box
card-written = Card { $card } is written.
card-written-next = Give the card to the voter: the terminal reads it, and the ballot box takes it back.
ballots-issued = Ballots for { $contests } contest(s) issued { $how }.
next-voter = Next voter
mobile-intro = The written requests for the mobile box: the two members who carry it take this list.
mobile-none = No written request for the mobile box.
observers-title = Observers
observers-intro = Those accredited to observe at this precinct, from the registry. Record each one's arrival: every observer present receives a signed copy of the protocol at the close.
observers-none = Nobody is accredited to observe at this precinct (the station was started without a registry, or the registry accredits nobody here).
observers-number = Accreditation
observers-for = Observes for
observers-present = Present
observers-since = present since
observers-arrived = Arrived
observers-not-accredited = not accredited to observe at this precinct
observers-kind-party = party
observers-kind-ngo = non-governmental organisation
observers-kind-proxy = proxy of candidate
observers-kind-media = media
observers-kind-international = international mission
observers-copy = At the close, give each observer present the signed protocol (protocol.json, or its printed copy). They check it offline, with the definition and the stations' keys the CEC publishes:
col-name = Name
col-issued = Ballots issued
yes = yes
no = no
box-intro = Put the voter’s card into the box: it checks every signature and proof, records the ballot, and wipes the card.
box-insert = Put in the card
card-number-bad = A card’s number is up to four digits.
no-such-card = There is no card { $card }.
card-in-reader = Put the card into the reader, then press the button.
card-written-reader = The card in the desk’s reader is written.
card-not-blank = The card in the desk’s reader is not blank: it holds a token or a ballot. Put it into the ballot box first, or take a blank card.
reader-trouble = The card reader: { $why }
no-reader = Terminal { $device } has no card reader.
box-accepted = The ballot is in the box.
box-challenged = The card also held { $n } challenged ballot(s): they are published and not counted.
box-not-wiped = The card could not be wiped; put it in again later: the box will recognise it.

## The paper count

count-intro = Two members enter the count of each contest independently. The count is taken when two entries agree in every figure; while you type, the control relations are checked against the desk’s figures.
count-member = Member’s name
count-ballots = Ballots
count-votes = Votes
count-spoiled = Spoiled
count-unused = Unused
count-found-station = Found in the stationary boxes
count-found-mobile = Found in the mobile box
count-invalid = Invalid
count-enter = Enter this count
count-waiting = { $entries } of the 2 entries needed.
count-agreed = Two entries agree: the count is taken.
count-differ = The entries differ; recount:
count-relations-hold = The control relations hold so far.
count-refused = This count does not add up, and is not entered:
relation-paper-accounted = Paper ballots received ({ $received }) ≠ issued in the station ({ $station }) + for the mobile box ({ $mobile }) + spoiled ({ $spoiled }) + unused ({ $unused }).
relation-found-station = Ballots found in the stationary boxes ({ $found }) > ballots issued in the station ({ $issued }).
relation-found-mobile = Ballots found in the mobile box ({ $found }) > ballots issued for it ({ $issued }).
relation-paper-votes = Paper votes ({ $votes }) + invalid ({ $invalid }) ≠ paper ballots found ({ $found }).
relation-cast-issued = Electronic ballots cast ({ $cast }) > cards issued ({ $issued }).
relation-electronic-votes = Electronic votes ({ $votes }) + blank ({ $blank }) ≠ electronic ballots cast ({ $cast }).
relation-issued-list = Ballots and cards issued ({ $issued }) > voters on the list ({ $registered }).

## Closing

close-seal = Seal the station
close-seal-intro = At 20:00 the desk stops issuing and the box stops taking ballots: the station’s encrypted totals are then final.
close-terminals = The terminals’ statements
close-terminals-status = { $declared } of { $total } terminals have declared how many ballots they encrypted.
close-terminals-collect = Collect the terminals’ statements
close-count = The paper count
close-count-status = { $agreed } of { $total } contests agreed.
close-guardians = The guardians
close-guardians-after-seal = Once the station is sealed, its encrypted totals go to the guardians, who decrypt them with their keys, which never come here.
close-guardians-status = { $have } of { $total } guardians have answered; { $quorum } are needed.
guardian-answered = answered, every proof checked
guardian-awaited = awaited
close-request-download = Download the decryption request for the guardians
close-partial-label = A guardian’s partial decryption (JSON)
close-partial-add = Add
partial-refused = The partial decryption is refused: { $why }
close-sign = Sign the protocol
close-sign-intro = The guardians’ shares are combined into the electronic totals, the paper count is added, the control relations are checked, and the station key signs.
close-signed = The protocol is signed.
close-sign-first = Sign the protocol first.
close-send = Send to the CEC
close-sent = The protocol and the record are with the CEC.
close-not-sent = The CEC’s service did not take everything: see its answers.

## The voting terminal

terminal-welcome = Welcome
insert-card-intro = Insert the card the registration desk gave you.
card-number = The card’s number
card-number-hint = Printed on the card (up to four digits).
insert-card = Insert the card
screen-of = Contest { $n } of { $total }
choose-one = Choose one option, or leave the contest blank.
leave-blank = Leave this contest blank (the ballot is then invalid in this contest)
back = Back
next = Next
review-title = Check your choices
review-intro = These are your choices. Change any of them, or confirm.
not-chosen = not chosen yet
change = Change
confirm-choices = Confirm my choices
code-shown-intro = Your ballot is encrypted. This is its confirmation code:
code-write-down = Write it down: after the election you can see your ballot on the bulletin board with it.
cast-ballot = Cast my ballot
challenge-ballot = Check the terminal instead
challenge-explained = Checking the terminal opens this ballot to show what it holds; it is then published and not counted, and you vote again.
challenge-title = The terminal is checked
challenge-opened = This ballot was opened. Its code:
challenge-contents = What the encrypted ballot held
challenge-compare = If this is what you chose, the terminal works. This ballot is published as challenged and not counted. Now vote again.
vote-again = Vote again
ballot-on-card = Your ballot is on your card.
take-card-to-box = Take the card to the ballot box at the registration desk.
your-code = Your confirmation code
code-later = With this code you can check on the results site that your ballot is counted.

## The commissions' console on the CEC's service

commissions-title = Commissions
account-name = Account
account-password = Password
wrong-name-or-password = Wrong account or password.
console-not-for-role = Account { $name } is a { $role } account: this console is for territorial commissions and the CEC.
signed-in-as = Signed in as { $name } ({ $role }).
inbox-of = Inbox: { $unit }
needs-attention = Needs attention ({ $n })
nothing-needs-attention = Nothing needs attention: no flag, no protocol late.
late-units = Units with late or overdue protocols:
inbox-title = Protocols: { NUM($reported) } of { NUM($total) } received
inbox-caption = Every precinct under this commission, what needs attention first
due-on-time = received in time
due-late = received late
due-overdue = OVERDUE
sign-summary = Sign this level
sign-summary-intro = Once every precinct has reported, download the summary the service recomputed, check it against your own, sign it with your commission’s key, and upload it: it is accepted only if it is exactly that sum.
summary-file = The signed summary protocol (JSON)
summary-upload = Upload
summary-accepted = The signed summary is accepted.
summary-refused = The signed summary is refused: { $why }
summary-too-large = The file is larger than any summary protocol.

regions-count = A yes majority in { $yes } of { $total } regions; at least { $need } (two thirds) are needed.
regions-met = The regional rule is met.
regions-not-met = The regional rule is not met: the change to the Constitution is not adopted.
regions-caption = Regions and cities with a yes majority
col-yes-majority = Yes majority
region-yes = yes
region-no = no
certificates-title = Absentee certificates
certificate-contests = Contests the certificate covers
honour-title = The voter shows an absentee certificate
certificate-number = Certificate number
certificate-number-hint = A certificate’s number is letters, digits and hyphens, as printed on it.
certificate-home = Precinct that issued it
certificate-refused = The CEC’s register refuses this certificate: { $why }
honoured = Certificate { $number } honoured: ballots for { $contests } contest(s) issued.
certificate-registered = Registered with the CEC.
certificate-offline = The CEC could not be reached: the certificate was honoured on the paper alone. The station reports it as used offline when the line returns, and at closing; the CEC checks it then.
issue-certificate = Issue a certificate
issue-certificate-intro = For a voter on this station’s list who will vote elsewhere: until 18:00 the day before election day. The voter no longer votes here in the contests ticked.
certificate-act = What was done
certificate-answer = The CEC’s answer
certificate-issued = issued here
certificate-used = honoured here
certificate-unanswered = not yet answered
certificates-send = Send to the CEC now
certificate-made = Certificate { $number } issued for { $contests } contest(s).
certificate-not-registered = The CEC could not be reached: the certificate is registered as soon as the line returns.
certificates-all-answered = The CEC has answered every certificate notice.
certificates-left = { $n } certificate notice(s) still await the CEC.
register-title = The register of absentee certificates
register-figures = Issued: { $issued }. Used: { $used }, of which { $offline } while a station could not reach the CEC and { $unregistered } not registered by their home precinct. Used at more than one precinct: { $twice }. Each such use is flagged on its precinct above.

## The registries (/register)

registries-title = Candidates, money and observers
registries-none = No election has been called in the registries yet.
registries-calendar = The calendar
registries-term = Term
registries-opens = Opens
registries-closes = Closes
registries-unconfirmed = (reading not confirmed in the law)
term-nomination = Nomination of candidates
term-registration = Registration of candidates
term-withdrawal = Withdrawal of candidates
term-campaign = Campaign
term-silence = Day of silence
term-absentee-requests = Absentee certificates
term-foreign-observers = Accreditation of foreign observers
term-territorial-results = Results of local councils
term-final-results = Final results
term-naming-deputies = Parties name their deputies
registries-candidates = Candidates
registries-kind = Candidacy
registries-lists = Party lists
registries-single = Single seats
registries-nominated = Nominated
registries-registered = Registered
registries-self = Self-nominated
registries-women = Women
registries-refused = Refused
registries-withdrawn = Withdrew
registries-cancelled = Registration cancelled
registries-refusals = Refusals by reason
registries-reason = Reason
registries-number = Number
reason-age = Under the age the law sets
reason-residence = Too short a residence
reason-two-lists = On two lists
reason-two-districts = Standing in two districts
reason-list-and-district = On a list and in a district
reason-quota = The list falls short of the 30% quota
reason-deposit = Deposit not paid
reason-documents = Documents incomplete
registries-money = Money, in tenge
registries-deposits = Deposits received
registries-refunded = Deposits refunded
registries-kept = Deposits kept by the state
registries-funding = State campaign funding paid
registries-observers = Observers
registries-foreign = { $observers } foreign observers from { $countries } countries, { $journalists } foreign journalists; { $accredited } accredited in all.
registries-missions = International missions
registries-mission = Mission
registries-head = Head of mission
registries-ledger = The ledger
registries-entries = Every act is in a public ledger of { $entries } entries, each chained to the one before; { $seats } list seats are named to deputies.
registries-download = Download the ledger
registries-head-hash = The hash of its last entry:
registries-seated = Who sits
registries-district-seat = (single-member seat)

## The audit of the paper count (/paper-audit)
paper-audit-title = The audit of the paper count
paper-audit-link = The audit of the paper count: precincts drawn by a public seed, their paper counted again in public
paper-audit-none = No audit of the paper count has been published yet.
paper-audit-about = Precincts are drawn by a public seed, with a chance in proportion to how much their paper could change the outcome. Their paper is counted again in public and compared with their signed protocol. The risk is the largest chance that a wrong outcome would pass the audit so far.
paper-audit-seed = Seed
paper-audit-risk-limit = Risk limit
paper-audit-counted = Precincts counted by hand
paper-audit-outcome = Certified outcome
paper-audit-expected = Expected sample
paper-audit-draws-precincts = { NUM($draws) } draws, { NUM($precincts) } precincts
paper-audit-full = a full hand count
paper-audit-measured = after { NUM($draws) } draws
paper-audit-next = To count next:
paper-audit-first = To count first:
paper-audit-assertions = What the outcome rests on, and its risk
paper-audit-assertion = Assertion
paper-audit-margin = Margin
paper-audit-risk = Risk
paper-audit-compared = Hand counts against protocols (votes per option in ballot order, then invalid ballots)
paper-audit-precinct = Precinct
paper-audit-protocol = Protocol
paper-audit-hand = Hand count
paper-audit-differs = Differs
paper-audit-yes = yes
paper-audit-no = no
paper-audit-unaudited = Not audited
paper-audit-status-confirmed = Confirmed at the risk limit.
paper-audit-status-count-more = Not yet confirmed: more precincts to count.
paper-audit-status-full-count = A full hand count is needed.
paper-audit-status-confirmed-by-full-count = Confirmed by the full hand count.
paper-audit-status-overturned = Overturned by the full hand count.
