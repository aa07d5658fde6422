/// Syllables and word lists from which the fictional knowledge base is generated.
enum NameParts {
    static let onsets = ["b", "br", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "th", "sh", "c", "h", "j"]
    static let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "y"]
    static let codas = ["", "", "n", "r", "l", "s", "m", "th", "x", "nd"]
    static let townSuffixes = ["ford", "holm", "vale", "mere", "wick", "stad", "burg", "port", "dale", "moor"]
    static let countries = ["Aldoria", "Vestmark", "Quorinth", "Talbeth", "Merrowen", "Lunaris", "Oskeny", "Brevania"]
    static let professions = [
        "baker", "pilot", "weaver", "carpenter", "doctor", "painter", "sailor", "farmer", "teacher", "potter",
        "blacksmith", "librarian", "chemist", "architect", "gardener", "poet", "tailor", "astronomer", "fisher",
        "miner", "engineer", "judge", "singer", "nurse",
    ]
}
