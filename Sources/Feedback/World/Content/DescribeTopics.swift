import Foundation

/// A topic of the open-ended family. `noun` is the word a relevant description must mention;
/// `category` and `traits` build one-sentence descriptions ("A river is a stream of fresh water that
/// flows downhill to the sea.").
struct DescribeTopic {
    let noun: String
    let plural: String
    let category: String
    let traits: [String]

    var withArticle: String { (Self.startsWithVowel(noun) ? "an " : "a ") + noun }

    static func startsWithVowel(_ word: String) -> Bool { "aeiou".contains(word.first ?? "x") }
}

extension DescribeTopic {
    /// Rows of "noun|plural|category|trait;trait;trait".
    private static let rows = """
    river|rivers|a stream of fresh water|flows downhill to the sea;carves valleys over time;carries rain from the hills
    mountain|mountains|a tall mass of rock|rises high above the land;often has snow on its peak;is hard to climb
    desert|deserts|a dry stretch of land|gets very little rain;is hot by day and cold at night;is covered in sand or stone
    forest|forests|a large area of trees|shelters many animals;stays cool and shady;fills the air with oxygen
    lighthouse|lighthouses|a tall tower with a lamp|warns ships away from rocks;shines a light at night;stands near the coast
    bicycle|bicycles|a vehicle with two wheels|is moved by pedals;carries one rider;needs no fuel
    violin|violins|a small string instrument|is played with a bow;sits under the chin;has four strings
    library|libraries|a building full of books|lends books to readers;offers quiet places to study;keeps records of the past
    volcano|volcanoes|an opening in the earth|throws out lava and ash;can build a mountain;may erupt after years of quiet
    glacier|glaciers|a huge mass of slow ice|moves slowly down a valley;forms from packed snow;shapes the land it crosses
    island|islands|a piece of land in water|is surrounded by the sea;can be large or tiny;often has its own plants
    bridge|bridges|a structure over a gap|lets people cross rivers;rests on strong supports;joins two sides of a valley
    candle|candles|a stick of wax with a wick|gives a small flame;slowly melts as it burns;lights a dark room
    clock|clocks|a device that shows time|has hands or digits;ticks through the hours;hangs on a wall or sits on a shelf
    compass|compasses|a small tool for direction|has a needle that points north;helps hikers find their way;uses the pull of the earth
    garden|gardens|a piece of planted ground|grows flowers and vegetables;needs water and care;attracts bees and birds
    harbor|harbors|a sheltered stretch of water|protects boats from storms;has docks for ships;sits at the edge of a town
    kite|kites|a light frame covered in cloth|flies on the wind;is held by a long string;dances high in the sky
    lantern|lanterns|a lamp with a handle|protects its flame from wind;can be carried at night;glows with a warm light
    market|markets|a place for buying and selling|has stalls full of goods;gets busy in the morning;brings traders together
    meadow|meadows|an open field of grass|is full of wild flowers;feeds grazing animals;hums with insects in summer
    orchard|orchards|a field of fruit trees|gives apples or pears;blooms in spring;is picked in autumn
    piano|pianos|a large keyboard instrument|has black and white keys;strikes strings with small hammers;can play many notes at once
    rainbow|rainbows|an arc of colors in the sky|appears after rain;forms when sunlight meets water drops;shows seven colors
    sailboat|sailboats|a boat driven by wind|has a tall mast and sails;glides across the water;needs no engine
    telescope|telescopes|a tube with lenses|makes far objects look near;shows stars and planets;gathers faint light
    umbrella|umbrellas|a folding canopy on a stick|keeps the rain off;opens with a push;fits in a bag when closed
    village|villages|a small group of homes|is smaller than a town;often has one main street;sits in the countryside
    waterfall|waterfalls|a stream falling over a cliff|makes a loud rushing sound;throws up mist;drops into a pool below
    windmill|windmills|a building with turning sails|uses wind to grind grain;pumps water on farms;turns slowly in the breeze
    beehive|beehives|a home for bees|holds combs of honey;hums with busy workers;is guarded by the colony
    castle|castles|a large fortified building|has thick stone walls;was built to defend a lord;often has towers and a moat
    cave|caves|a hollow space under the ground|is dark and cool inside;can hold bats;is carved by water over ages
    comet|comets|a ball of ice and dust in space|grows a glowing tail near the sun;travels a long orbit;returns after many years
    owl|owls|a bird of the night|hunts mice in the dark;turns its head very far;has large round eyes
    whale|whales|a huge animal of the sea|breathes air through a blowhole;sings long songs;feeds on tiny sea creatures
    penguin|penguins|a bird that cannot fly|swims fast under water;lives in cold places;walks with a waddle
    tiger|tigers|a large striped cat|hunts alone at night;lives in forests and grasslands;has orange fur with black stripes
    cactus|cacti|a spiny desert plant|stores water in its stem;survives long droughts;has sharp spines instead of leaves
    teapot|teapots|a pot with a spout and handle|holds hot tea;pours through its spout;keeps tea warm under a cozy
    train|trains|a line of connected cars on rails|carries people between cities;is pulled by an engine;runs on fixed tracks
    camera|cameras|a device that takes pictures|captures light through a lens;saves images on a card;freezes a moment
    map|maps|a flat drawing of a place|shows roads and rivers;uses a scale;helps travelers plan a route
    ladder|ladders|a frame with steps|helps people climb up;leans against a wall;folds for storage
    kettle|kettles|a pot for boiling water|whistles when the water boils;has a spout and a lid;heats water for tea
    snowflake|snowflakes|a tiny crystal of ice|falls from winter clouds;has six sides;melts on a warm hand
    """

    static let all: [DescribeTopic] = rows.split(separator: "\n").map { line in
        let fields = line.trimmingCharacters(in: .whitespaces).split(separator: "|").map(String.init)
        return DescribeTopic(noun: fields[0], plural: fields[1], category: fields[2],
                             traits: fields[3].split(separator: ";").map(String.init))
    }
}
