// The keys inside each modal, as the help screen lists them. Each list sits beside the others here
// rather than in the modal's file; `ModalKeyListTests` presses every key listed on its modal and
// fails when one does nothing, so a list cannot drift from its handler unnoticed.

extension ObjectivesForm {
    public static let keys: [ViewKey] = [
        ViewKey([.tab, .down], "Tab ↓", "next field"),
        ViewKey([.backTab, .up], "Shift-Tab ↑", "previous field"),
        ViewKey([.char("5")], "text", "type into the field (up to 64 characters; checked as you type)"),
        ViewKey([.left, .right], "← →", "move the cursor in the field"),
        ViewKey([.home, .ctrl("a"), .end, .ctrl("e")], "Home End", "start / end of the field (also Ctrl-A, Ctrl-E)"),
        ViewKey([.backspace], "Backspace", "delete before the cursor"),
        ViewKey([.delete], "Delete", "delete at the cursor"),
        ViewKey([.ctrl("u")], "Ctrl-U", "clear the field"),
        ViewKey([.enter], "Enter", "apply (only when every field is valid)"),
        ViewKey([.escape], "Esc", "cancel"),
    ]
}

extension PoolExpansionPrompt {
    public static let keys: [ViewKey] = [
        ViewKey([.up, .char("k")], "↑ k", "previous spare RAID group"),
        ViewKey([.down, .char("j")], "↓ j", "next spare RAID group"),
        ViewKey([.char("y"), .char("Y"), .enter], "y Enter", "approve: add the chosen spare to the pool"),
        ViewKey([.char("n"), .char("N")], "n", "deny (the backups keep waiting)"),
        ViewKey([.escape], "Esc", "decide later (p reopens)"),
    ]
}

extension RestoreDialog {
    public static let keys: [ViewKey] = [
        ViewKey([.up, .char("k")], "↑ k", "newer generation"),
        ViewKey([.down, .char("j")], "↓ j", "older generation"),
        ViewKey([.left, .char("h"), .right, .char("l")], "← → h l", "change the target volume"),
        ViewKey([.enter, .char("y")], "y Enter", "restore and verify; in place, first type the volume's name"),
        ViewKey([.escape, .char("n")], "n Esc", "cancel"),
    ]

    /// Keys while an in-place restore asks for the volume's name.
    public static let confirmKeys: [ViewKey] = [
        ViewKey([.char("d")], "text", "type the volume's name"),
        ViewKey([.backspace], "Backspace", "delete the last character"),
        ViewKey([.ctrl("u")], "Ctrl-U", "clear the name"),
        ViewKey([.enter], "Enter", "restore in place (only with the exact name)"),
        ViewKey([.escape], "Esc", "back to the dialog"),
    ]
}

extension AlertsView {
    public static let keys: [ViewKey] = [
        ViewKey([.up, .char("k")], "↑ k", "previous breach"),
        ViewKey([.down, .char("j")], "↓ j", "next breach"),
        ViewKey([.pageUp, .pageDown], "PgUp PgDn", "ten breaches up / down"),
        ViewKey([.home, .char("g"), .end, .char("G")], "Home End", "first / last breach"),
        ViewKey([.enter, .char("a")], "Enter a", "acknowledge: it stays listed, the title stops colouring its counter"),
        ViewKey([.escape, .char("q"), .char("!")], "Esc q !", "close"),
    ]
}

extension CatalogBrowser {
    public static let keys: [ViewKey] = [
        ViewKey([.up, .char("k")], "↑ k", "previous record"),
        ViewKey([.down, .char("j")], "↓ j", "next record"),
        ViewKey([.char("d")], "d", "delete the record (asks first)"),
        ViewKey([.char("c")], "c", "copy the generation to a volume (asks first)"),
        ViewKey([.escape, .char("q")], "Esc q", "close"),
    ]
    /// While a delete or copy waits for confirmation.
    public static let confirmKeys: [ViewKey] = [
        ViewKey([.char("y"), .enter], "y Enter", "confirm"),
        ViewKey([.left, .right], "← →", "choose the volume to copy to"),
        ViewKey([.char("n"), .escape], "n Esc", "do nothing"),
    ]
}

extension FilterPrompt {
    public static let keys: [ViewKey] = [
        ViewKey([.char("d")], "text", "filter as you type (name, group or state)"),
        ViewKey([.backspace], "Backspace", "delete the last character"),
        ViewKey([.enter], "Enter", "keep the filter"),
        ViewKey([.escape], "Esc", "cancel (the previous filter returns)"),
    ]
}
